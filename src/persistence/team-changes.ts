import { z } from 'zod';
import type { TeamChange } from '../domain/team-cache';

/**
 * The bus channel of settings and ring-plan changes: NOTIFY'd inside the transaction that makes the
 * change, so PostgreSQL delivers it exactly when (and only if) the change commits, to every
 * instance's feed listener, which hands it to the caches (see TeamCache).
 */
export const TEAM_CHANGES_CHANNEL = 'team_changed';

/** SQL of the payload built from a row: `{"team": …, "kind": …, "version": …}`. */
export function teamChangePayloadSql(teamColumn: string, kind: TeamChange['kind'], versionColumn: string): string {
  return `json_build_object('team', ${teamColumn}, 'kind', '${kind}', 'version', ${versionColumn})::text`;
}

/** The payload as teamChangePayloadSql builds it. */
const teamChangePayload = z.object({
  team: z.string(),
  kind: z.enum(['settings', 'ringPlans']) satisfies z.ZodType<TeamChange['kind']>,
  version: z.number(),
});

/** null for a payload this version of the service does not understand. */
export function parseTeamChange(payload: string): TeamChange | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = teamChangePayload.safeParse(json);
  if (!parsed.success) return null;
  const { team, kind, version } = parsed.data;
  return { teamId: team, kind, version };
}
