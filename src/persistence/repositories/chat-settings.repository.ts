import type { DataSource, EntityManager } from 'typeorm';
import { defaultChatSettings, type ChatSettingsData } from '../../domain/chat-settings/chat-settings';
import { TRIGGERS, type Trigger } from '../../domain/chat-settings/triggers';
import type {
  ChatSettingsRepository,
  Page,
  SettingsChangeRecord,
  SettingsUpdate,
  StoredChatSettings,
} from '../../domain/ports';
import { TEAM_CHANGES_CHANNEL, teamChangePayloadSql } from '../team-changes';

export const TEAM_COLUMNS = `id, sender_identity, company_name, team_name, create_missed_call_tickets, ring_last_advisor,
  time_zone, default_locale, voice_hub_url, responses, version, updated_at`;

export interface TeamRow {
  id: string;
  sender_identity: string;
  company_name: string | null;
  team_name: string | null;
  create_missed_call_tickets: boolean;
  ring_last_advisor: boolean;
  time_zone: string;
  default_locale: string;
  voice_hub_url: string | null;
  responses: Record<string, unknown>;
  version: number;
  updated_at: Date | null;
}

export function rowToStored(row: TeamRow): StoredChatSettings {
  const defaults = defaultChatSettings();
  const responses = {} as ChatSettingsData['responses'];
  for (const trigger of TRIGGERS) {
    const stored = row.responses?.[trigger] as Partial<ChatSettingsData['responses'][Trigger]> | undefined;
    responses[trigger] = { ...defaults.responses[trigger], ...(stored ?? {}) };
  }
  return {
    teamId: row.id,
    version: row.version,
    updatedAt: row.updated_at,
    data: {
      senderIdentity: row.sender_identity as ChatSettingsData['senderIdentity'],
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

/** What a team without a row reads as: exactly what its row would hold when a first write creates it. */
export function defaultStored(teamId: string): StoredChatSettings {
  const d = defaultChatSettings();
  return rowToStored({
    id: teamId,
    sender_identity: d.senderIdentity,
    company_name: d.companyName,
    team_name: d.teamName,
    create_missed_call_tickets: d.createMissedCallTickets,
    ring_last_advisor: d.ringLastAdvisor,
    time_zone: d.timeZone,
    default_locale: d.defaultLocale,
    voice_hub_url: d.voiceHubUrl,
    responses: {},
    version: 0,
    updated_at: null,
  });
}

/** Teams and their settings in PostgreSQL; the team row is also the lock of everything a team does. */
export class PgChatSettingsRepository implements ChatSettingsRepository {
  constructor(private readonly ds: DataSource) {}

  /** A plain SELECT: a team without a row reads as the defaults (version 0); its first write creates the row. */
  async loadMany(teamIds: readonly string[]): Promise<StoredChatSettings[]> {
    if (teamIds.length === 0) return [];
    const rows = (await this.ds.query(`SELECT /* loadChatSettings */ ${TEAM_COLUMNS} FROM team WHERE id = ANY($1::text[])`, [
      teamIds,
    ])) as TeamRow[];
    const byId = new Map(rows.map((r) => [r.id, rowToStored(r)]));
    return teamIds.map((id) => byId.get(id) ?? defaultStored(id));
  }

  async updateLocked(
    teamId: string,
    actor: string,
    change: (current: StoredChatSettings) => SettingsUpdate,
  ): Promise<StoredChatSettings> {
    return this.ds.transaction(async (em) => {
      const row = await lockTeamRow<TeamRow>(em, teamId, TEAM_COLUMNS);
      const current = rowToStored(row);
      const { next, changes } = change(current);
      if (changes.length === 0) return current;
      // TypeORM answers an UPDATE with [rows, rowCount]
      const [updatedRows] = (await em.query(
        `UPDATE team SET sender_identity = $2, company_name = $3, team_name = $4, create_missed_call_tickets = $5,
           ring_last_advisor = $6, time_zone = $7, default_locale = $8, voice_hub_url = $9, responses = $10::jsonb,
           version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING ${TEAM_COLUMNS}`,
        [
          teamId,
          next.senderIdentity,
          next.companyName,
          next.teamName,
          next.createMissedCallTickets,
          next.ringLastAdvisor,
          next.timeZone,
          next.defaultLocale,
          next.voiceHubUrl,
          JSON.stringify(next.responses),
        ],
      )) as [TeamRow[], number];
      const saved = rowToStored(updatedRows[0]);
      // the history row and the announcement to every instance's cache, delivered at commit
      await em.query(
        `WITH h AS (
           INSERT INTO chat_settings_change (team_id, version, actor, changed_at, changes) VALUES ($1, $2, $3, $4, $5::jsonb)
           RETURNING team_id, version)
         SELECT pg_notify('${TEAM_CHANGES_CHANNEL}', ${teamChangePayloadSql('h.team_id', 'settings', 'h.version')}) FROM h`,
        [teamId, saved.version, actor, saved.updatedAt ?? new Date(), JSON.stringify(changes)],
      );
      return saved;
    });
  }

  async historyPages(teamIds: readonly string[], first: number, afterId: string | null): Promise<Map<string, Page<SettingsChangeRecord>>> {
    const pages = new Map<string, SettingsChangeRecord[]>(teamIds.map((id) => [id, []]));
    if (!teamIds.length) return new Map();
    // one statement for every team asking the same page: a LATERAL page per team on (team_id, id DESC)
    const rows = (await this.ds.query(
      `/* historyPages */ SELECT c.* FROM unnest($1::text[]) AS t(team_id)
        CROSS JOIN LATERAL (
          SELECT id::text AS id, team_id, version, actor, changed_at, changes FROM chat_settings_change
           WHERE chat_settings_change.team_id = t.team_id AND ($2::bigint IS NULL OR chat_settings_change.id < $2::bigint)
           ORDER BY chat_settings_change.id DESC LIMIT $3) c`,
      [teamIds, afterId, first + 1],
    )) as { id: string; team_id: string; version: number; actor: string; changed_at: Date; changes: SettingsChangeRecord['changes'] }[];
    for (const r of rows) {
      pages.get(r.team_id)?.push({ id: r.id, teamId: r.team_id, version: r.version, actor: r.actor, changedAt: r.changed_at, changes: r.changes });
    }
    return new Map(
      [...pages].map(([teamId, items]) => {
        items.sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)));
        return [teamId, { items: items.slice(0, first), hasNextPage: items.length > first }];
      }),
    );
  }

}

/**
 * Locks the team's row for the rest of the transaction (the lock that serializes everything a team
 * changes), creating the team with default settings when it is seen for the first time. One
 * statement when the team exists. `columns` are selected from `team` with the lock.
 */
export async function lockTeamRow<T>(em: EntityManager, teamId: string, columns: string, params: unknown[] = []): Promise<T> {
  const lock = async () =>
    ((await em.query(`SELECT ${columns} FROM team WHERE id = $1 FOR UPDATE`, [teamId, ...params])) as T[])[0];
  const row = await lock();
  if (row) return row;
  await ensureTeams(em, [teamId]);
  return lock();
}

/**
 * Returns the rows of these teams, creating missing ones with the default settings, in one
 * statement (the CTE's insert is invisible to the same statement's read, hence the union).
 */
export async function ensureTeams(em: EntityManager, teamIds: readonly string[]): Promise<TeamRow[]> {
  const d = defaultChatSettings();
  const rows = (await em.query(
    `WITH wanted AS (SELECT DISTINCT unnest($1::text[]) AS id),
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
  )) as TeamRow[];
  if (new Set(rows.map((r) => r.id)).size === new Set(teamIds).size) return rows;
  // A concurrent first sight of the same team committed after this statement's snapshot: read again.
  return (await em.query(`SELECT ${TEAM_COLUMNS} FROM team WHERE id = ANY($1::text[])`, [teamIds])) as TeamRow[];
}

