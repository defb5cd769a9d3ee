import { z } from 'zod';
import type { ChatSettingsData, ResponseSettings } from '../../domain/chat-settings/settings-model';
import { defaultChatSettings } from '../../domain/chat-settings/settings-model';
import { SENDER_IDENTITIES, TRIGGERS } from '../../domain/chat-settings/triggers';
import type { StoredChatSettings } from '../../domain/ports';
import { query, queryOne, type RowParser, type SqlExecutor } from '../sql';

/*
 * The team row: its settings columns and the lock that serializes everything a team changes.
 * Used by the settings, ring-plan and activity repositories.
 */

export const TEAM_COLUMNS = `id, sender_identity, company_name, team_name, create_missed_call_tickets, ring_last_advisor,
  time_zone, default_locale, voice_hub_url, responses, version, updated_at`;

/**
 * One trigger's stored response in `team.responses` (jsonb). Only what the admin changed is
 * stored, so every key may be missing; the defaults fill the rest.
 */
export const storedResponseSchema = z.object({
  enabled: z.boolean().optional(),
  templates: z.record(z.string(), z.string()).optional(),
  optionalElements: z
    .record(
      z.string(),
      z.object({ enabled: z.boolean().optional(), text: z.record(z.string(), z.string()).optional() }),
    )
    .optional(),
  cooldownMinutes: z.number().int().nullable().optional(),
});

/** `team.responses`: stored responses by trigger (triggers added later are simply absent). */
export const storedResponsesSchema = z.record(z.string(), storedResponseSchema);

export const teamRowSchema = z.object({
  id: z.string(),
  sender_identity: z.enum(SENDER_IDENTITIES),
  company_name: z.string().nullable(),
  team_name: z.string().nullable(),
  create_missed_call_tickets: z.boolean(),
  ring_last_advisor: z.boolean(),
  time_zone: z.string(),
  default_locale: z.string(),
  voice_hub_url: z.string().nullable(),
  /** parsed by rowToStored with storedResponsesSchema */
  responses: z.unknown(),
  version: z.number().int(),
  updated_at: z.date().nullable(),
});

export type TeamRow = z.infer<typeof teamRowSchema>;

/** The settings of a team row, with the stored responses parsed and merged over the defaults. */
export function rowToStored(row: TeamRow): StoredChatSettings {
  const defaults = defaultChatSettings();
  const stored = storedResponsesSchema.parse(row.responses ?? {});
  const responses: ChatSettingsData['responses'] = { ...defaults.responses };
  for (const trigger of TRIGGERS) responses[trigger] = mergeResponse(defaults.responses[trigger], stored[trigger]);
  return {
    teamId: row.id,
    version: row.version,
    updatedAt: row.updated_at,
    data: {
      senderIdentity: row.sender_identity,
      companyName: row.company_name,
      teamName: row.team_name,
      createMissedCallTickets: row.create_missed_call_tickets,
      ringLastAdvisor: row.ring_last_advisor,
      timeZone: row.time_zone,
      defaultLocale: row.default_locale,
      voiceHubUrl: row.voice_hub_url,
      responses,
    },
  };
}

function mergeResponse(
  defaults: ResponseSettings,
  stored: z.infer<typeof storedResponseSchema> | undefined,
): ResponseSettings {
  if (stored === undefined) return defaults;
  return {
    enabled: stored.enabled ?? defaults.enabled,
    templates: stored.templates ?? defaults.templates,
    optionalElements: stored.optionalElements ?? defaults.optionalElements,
    cooldownMinutes: stored.cooldownMinutes === undefined ? defaults.cooldownMinutes : stored.cooldownMinutes,
  };
}

/**
 * Locks the team's row for the rest of the transaction (the lock that serializes everything a team
 * changes), creating the team with default settings when it is seen for the first time. One
 * statement when the team exists. `columns` are selected from `team` with the lock (`$1` is the
 * team id, `params` follow as `$2`…) and each row is parsed by `parseRow`.
 */
export async function lockTeamRow<T>(
  executor: SqlExecutor,
  teamId: string,
  columns: string,
  parseRow: RowParser<T>,
  params: readonly unknown[] = [],
): Promise<T> {
  const lock = () =>
    queryOne(
      executor,
      `/* lockTeamRow */ SELECT ${columns} FROM team WHERE id = $1 FOR UPDATE`,
      [teamId, ...params],
      parseRow,
    );
  const row = await lock();
  if (row !== null) return row;
  await ensureTeams(executor, [teamId]);
  const created = await lock();
  if (created === null) throw new Error(`team ${teamId} is missing right after it was created`);
  return created;
}

/**
 * Returns the rows of these teams, creating missing ones with the default settings, in one
 * statement (the CTE's insert is invisible to the same statement's read, hence the union).
 */
export async function ensureTeams(executor: SqlExecutor, teamIds: readonly string[]): Promise<TeamRow[]> {
  const d = defaultChatSettings();
  const rows = await query(
    executor,
    `/* ensureTeams */ WITH wanted AS (SELECT DISTINCT unnest($1::text[]) AS id),
          inserted AS (
            INSERT INTO team (id, sender_identity, company_name, team_name, create_missed_call_tickets, ring_last_advisor,
                              time_zone, default_locale, voice_hub_url, responses)
            SELECT w.id, $2, $3, $4, $5, $6, $7, $8, $9, '{}'::jsonb FROM wanted w
            WHERE NOT EXISTS (SELECT 1 FROM team t WHERE t.id = w.id)
            ON CONFLICT (id) DO NOTHING
            RETURNING ${TEAM_COLUMNS})
     SELECT ${TEAM_COLUMNS} FROM inserted
     UNION ALL
     SELECT ${TEAM_COLUMNS} FROM team WHERE id = ANY($1::text[])`,
    [
      teamIds,
      d.senderIdentity,
      d.companyName,
      d.teamName,
      d.createMissedCallTickets,
      d.ringLastAdvisor,
      d.timeZone,
      d.defaultLocale,
      d.voiceHubUrl,
    ],
    teamRowSchema,
  );
  if (new Set(rows.map((r) => r.id)).size === new Set(teamIds).size) return rows;
  // A concurrent first sight of the same team committed after this statement's snapshot: read again.
  return query(
    executor,
    `/* readTeams */ SELECT ${TEAM_COLUMNS} FROM team WHERE id = ANY($1::text[])`,
    [teamIds],
    teamRowSchema,
  );
}

const teamHeadRow = z.object({ id: z.string(), head: z.string() });

/** Each team's last position of a per-team sequence (0 for a team without a row), in one statement. */
export async function teamHeads(
  executor: SqlExecutor,
  column: 'message_position' | 'delivery_position',
  teamIds: readonly string[],
): Promise<Map<string, number>> {
  const heads = new Map(teamIds.map((id) => [id, 0]));
  if (!teamIds.length) return heads;
  const rows = await query(
    executor,
    `/* teamHeads */ SELECT id, ${column}::text AS head FROM team WHERE id = ANY($1::text[])`,
    [teamIds],
    teamHeadRow,
  );
  for (const r of rows) heads.set(r.id, Number(r.head));
  return heads;
}
