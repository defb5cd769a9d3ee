import { badInput, forbidden, unauthenticated } from './errors';

export const ROLES = ['ADMIN', 'ADVISOR', 'SERVICE'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the verified claims of the bearer token. */
export interface Viewer {
  readonly sub: string;
  readonly role: Role;
  /** Team ids; `*` stands for every team (SERVICE tokens only). */
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
  | 'RECORD_ACTIVITY'
  /** dry-run an activity against the team's current configuration */
  | 'SIMULATE';

const ALLOWED: Record<TeamPermission, readonly Role[]> = {
  READ: ['ADMIN', 'ADVISOR', 'SERVICE'],
  ADMINISTER: ['ADMIN'],
  ADVISE: ['ADMIN', 'ADVISOR', 'SERVICE'],
  RECORD_ACTIVITY: ['SERVICE'],
  SIMULATE: ['ADMIN', 'ADVISOR'],
};

const TEAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Team ids are opaque strings from the teams service: 1–64 letters, digits and `_ . : -`. */
export function assertTeamIdFormat(teamId: string, field = 'teamId'): void {
  if (!TEAM_ID.test(teamId)) {
    throw badInput(
      'INVALID_TEAM_ID',
      `${field} must be 1–64 letters, digits or "_.:-", starting with a letter or digit`,
      field,
    );
  }
}

/** `*` (every team) is honoured for SERVICE tokens only; token verification refuses it on any other role. */
export const ALL_TEAMS = '*';

/** False for a person's token carrying `*`: verification refuses those, and this never widens them. */
export function mayCarryAllTeams(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role === 'SERVICE';
}

export function isMemberOf(viewer: Viewer, teamId: string): boolean {
  return (mayCarryAllTeams(viewer) && viewer.teams.includes(ALL_TEAMS)) || viewer.teams.includes(teamId);
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
    throw forbidden(
      `Role ${viewer.role} may not ${describe(permission)} for this team; this needs ${neededToken(permission)}`,
      {
        allowedRoles: [...ALLOWED[permission]],
      },
    );
  }
  return viewer;
}

/**
 * For lookups by an opaque id (`_entities` of messages and tickets): false for another team, so the
 * caller can answer exactly as for an unknown id. Without a token it is still UNAUTHENTICATED.
 */
export function mayAccessTeam(viewer: Viewer | null, teamId: string, permission: TeamPermission): boolean {
  if (!viewer) throw unauthenticated();
  return isMemberOf(viewer, teamId) && ALLOWED[permission].includes(viewer.role);
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
    case 'SIMULATE':
      return 'simulate activities';
  }
}
