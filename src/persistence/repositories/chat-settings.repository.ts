import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type {
  ChatSettingsRepository,
  Page,
  SettingsChangeRecord,
  SettingsUpdate,
  StoredChatSettings,
} from '../../domain/ports';
import { TEAM_CHANGES_CHANNEL, teamChangePayloadSql } from '../team-changes';
import { defaultChatSettings } from '../../domain/chat-settings/settings-model';
import { execute, query, queryOne } from '../sql';
import { lockTeamRow, rowToStored, TEAM_COLUMNS, teamRowSchema } from './team-row';

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

const changeRow = z.object({
  id: z.string(),
  team_id: z.string(),
  version: z.number().int(),
  actor: z.string(),
  changed_at: z.date(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
});

/** Teams and their settings in PostgreSQL; the team row is also the lock of everything a team does. */
export class PgChatSettingsRepository implements ChatSettingsRepository {
  constructor(private readonly ds: DataSource) {}

  /** A plain SELECT: a team without a row reads as the defaults (version 0); its first write creates the row. */
  async loadMany(teamIds: readonly string[]): Promise<StoredChatSettings[]> {
    if (teamIds.length === 0) return [];
    const rows = await query(
      this.ds,
      `/* loadChatSettings */ SELECT ${TEAM_COLUMNS} FROM team WHERE id = ANY($1::text[])`,
      [teamIds],
      teamRowSchema,
    );
    const byId = new Map(rows.map((r) => [r.id, rowToStored(r)]));
    return teamIds.map((id) => byId.get(id) ?? defaultStored(id));
  }

  async updateLocked(
    teamId: string,
    actor: string,
    change: (current: StoredChatSettings) => SettingsUpdate,
  ): Promise<StoredChatSettings> {
    return this.ds.transaction(async (em) => {
      const row = await lockTeamRow(em, teamId, TEAM_COLUMNS, teamRowSchema);
      const current = rowToStored(row);
      const { next, changes } = change(current);
      if (changes.length === 0) return current;
      const updated = await queryOne(
        em,
        `/* saveChatSettings */ UPDATE team SET sender_identity = $2, company_name = $3, team_name = $4, create_missed_call_tickets = $5,
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
        teamRowSchema,
      );
      const saved = rowToStored(updated!);
      // the history row and the announcement to every instance's cache, delivered at commit
      await execute(
        em,
        `/* recordSettingsChange */ WITH h AS (
           INSERT INTO chat_settings_change (team_id, version, actor, changed_at, changes) VALUES ($1, $2, $3, $4, $5::jsonb)
           RETURNING team_id, version)
         SELECT pg_notify('${TEAM_CHANGES_CHANNEL}', ${teamChangePayloadSql('h.team_id', 'settings', 'h.version')}) FROM h`,
        [teamId, saved.version, actor, saved.updatedAt ?? new Date(), JSON.stringify(changes)],
      );
      return saved;
    });
  }

  async historyPages(
    teamIds: readonly string[],
    first: number,
    afterId: string | null,
  ): Promise<Map<string, Page<SettingsChangeRecord>>> {
    const pages = new Map<string, SettingsChangeRecord[]>(teamIds.map((id) => [id, []]));
    if (!teamIds.length) return new Map();
    // one statement for every team asking the same page: a LATERAL page per team on (team_id, id DESC)
    const rows = await query(
      this.ds,
      `/* historyPages */ SELECT c.* FROM unnest($1::text[]) AS t(team_id)
        CROSS JOIN LATERAL (
          SELECT id::text AS id, team_id, version, actor, changed_at, changes FROM chat_settings_change
           WHERE chat_settings_change.team_id = t.team_id AND ($2::bigint IS NULL OR chat_settings_change.id < $2::bigint)
           ORDER BY chat_settings_change.id DESC LIMIT $3) c`,
      [teamIds, afterId, first + 1],
      changeRow,
    );
    for (const r of rows) {
      pages.get(r.team_id)?.push({
        id: r.id,
        teamId: r.team_id,
        version: r.version,
        actor: r.actor,
        changedAt: r.changed_at,
        changes: r.changes,
      });
    }
    return new Map(
      [...pages].map(([teamId, items]) => {
        items.sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)));
        return [teamId, { items: items.slice(0, first), hasNextPage: items.length > first }];
      }),
    );
  }
}
