import type { DataSource, EntityManager } from 'typeorm';
import type {
  ChatSettingsRepository,
  Page,
  SettingsChangeRecord,
  SettingsUpdate,
  StoredChatSettings,
} from '../../domain/ports';
import { ensureTeams, lockTeamRow as lockParsedTeamRow, rowToStored, TEAM_COLUMNS, type TeamRow } from './team-row';

// The team-row helpers live in team-row.ts; re-exported here for importers on other branches.
export { ensureTeams, rowToStored, TEAM_COLUMNS, type TeamRow } from './team-row';

/**
 * Transitional, untyped form of team-row.ts's lockTeamRow for callers not converted yet (the
 * activity repository): the row is not parsed. Use the typed one, which takes a row parser.
 */
export function lockTeamRow<T>(em: EntityManager, teamId: string, columns: string, params: unknown[] = []): Promise<T> {
  return lockParsedTeamRow(em, teamId, columns, (row) => row as T, params);
}

/** Teams and their settings in PostgreSQL; the team row is also the lock of everything a team does. */
export class PgChatSettingsRepository implements ChatSettingsRepository {
  constructor(private readonly ds: DataSource) {}

  async loadMany(teamIds: readonly string[]): Promise<StoredChatSettings[]> {
    if (teamIds.length === 0) return [];
    const rows = await ensureTeams(this.ds.manager, teamIds);
    const byId = new Map(rows.map((r) => [r.id, rowToStored(r)]));
    return teamIds.map((id) => byId.get(id)!);
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
      await em.query(
        `INSERT INTO chat_settings_change (team_id, version, actor, changed_at, changes) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [teamId, saved.version, actor, saved.updatedAt ?? new Date(), JSON.stringify(changes)],
      );
      return saved;
    });
  }

  async history(teamId: string, first: number, afterId: string | null): Promise<Page<SettingsChangeRecord>> {
    const rows = (await this.ds.query(
      `SELECT id::text AS id, team_id, version, actor, changed_at, changes FROM chat_settings_change
        WHERE team_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
        ORDER BY chat_settings_change.id DESC LIMIT $3`,
      [teamId, afterId, first + 1],
    )) as { id: string; team_id: string; version: number; actor: string; changed_at: Date; changes: SettingsChangeRecord['changes'] }[];
    return {
      hasNextPage: rows.length > first,
      items: rows.slice(0, first).map((r) => ({
        id: r.id,
        teamId: r.team_id,
        version: r.version,
        actor: r.actor,
        changedAt: r.changed_at,
        changes: r.changes,
      })),
    };
  }
}
