import { badInput, forbidden, unauthenticated } from './errors';

export const ROLES = ['ADMIN', 'ADVISOR', 'SERVICE'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the verified claims of the bearer token. */
export interface Viewer {
  readonly sub: string;
  readonly role: Role;
  /** Team ids; `*` stands for every team (service tokens). */
  readonly teams: readonly string[];
}

export type TeamPermission =
  /** read settings, ring plans, messages */
  | 'READ'
  /** change settings and ring plans */
  | 'ADMINISTER'
  /** record an advisor action */
  | 'ADVISE'
  /** record activities (calls, messages, tickets, opt-outs) */
  | 'RECORD_ACTIVITY';

const ALLOWED: Record<TeamPermission, readonly Role[]> = {
  READ: ['ADMIN', 'ADVISOR', 'SERVICE'],
  ADMINISTER: ['ADMIN'],
  ADVISE: ['ADMIN', 'ADVISOR', 'SERVICE'],
  RECORD_ACTIVITY: ['SERVICE'],
};

const TEAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Team ids are opaque strings from the teams service: 1–64 letters, digits and `_ . : -`. */
export function assertTeamIdFormat(teamId: string, field = 'teamId'): void {
  if (!TEAM_ID.test(teamId)) {
    throw badInput('INVALID_TEAM_ID', `${field} must be 1–64 letters, digits or "_.:-", starting with a letter or digit`, field);
  }
}

export function isMemberOf(viewer: Viewer, teamId: string): boolean {
  return viewer.teams.includes('*') || viewer.teams.includes(teamId);
}

/**
 * The one authorization check every team-scoped field calls. Another team's data is answered
 * with FORBIDDEN and nothing else, so its existence is not revealed either.
 */
export function authorizeTeam(viewer: Viewer | null, teamId: string, permission: TeamPermission): Viewer {
  if (!viewer) throw unauthenticated();
  if (!isMemberOf(viewer, teamId)) throw forbidden();
  if (!ALLOWED[permission].includes(viewer.role)) {
    // name the role that would do, so a newcomer holding the wrong token knows which one to mint
    throw forbidden(`Role ${viewer.role} may not ${describe(permission)} for this team; this needs ${neededToken(permission)}`, {
      allowedRoles: [...ALLOWED[permission]],
    });
  }
  return viewer;
}

function neededToken(p: TeamPermission): string {
  const roles = ALLOWED[p];
  const names = roles.length === 1 ? roles[0] : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
  return `${/^[AEIOU]/.test(names) ? 'an' : 'a'} ${names} token`;
}

function describe(p: TeamPermission): string {
  switch (p) {
    case 'READ':
      return 'read settings';
    case 'ADMINISTER':
      return 'change settings';
    case 'ADVISE':
      return 'record advisor actions';
    case 'RECORD_ACTIVITY':
      return 'record activities';
  }
}
