import type { DataSource } from 'typeorm';
import type {
  AutomationReadRepository,
  MessageFilter,
  PageOf,
  StoredMessage,
  StoredMissedCall,
  StoredTicket,
  TicketKey,
} from '../../domain/automation/automation-ports';
import {
  MESSAGE_COLUMNS,
  MISSED_CALL_COLUMNS,
  TICKET_COLUMNS,
  toMessage,
  toMissedCall,
  toTicket,
  type MessageRow,
  type MissedCallRow,
  type TicketRow,
} from './automation.rows';

/** Reads of the dispatch log, missed calls and tickets; each method is one statement. */
export class PgAutomationReadRepository implements AutomationReadRepository {
  constructor(private readonly ds: DataSource) {}

  async messages(
    teamId: string,
    o: { first: number; after: number | null; newestFirst: boolean; filter: MessageFilter },
  ): Promise<PageOf<StoredMessage>> {
    const params: unknown[] = [teamId];
    const where = ['team_id = $1'];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (o.after !== null) add((n) => (o.newestFirst ? `position < $${n}` : `position > $${n}`), o.after);
    if (o.filter.triggers?.length) add((n) => `trigger = ANY($${n}::text[])`, o.filter.triggers);
    if (o.filter.channel) add((n) => `channel = $${n}`, o.filter.channel);
    if (o.filter.decision) add((n) => `decision = $${n}`, o.filter.decision);
    if (o.filter.since) add((n) => `activity_at >= $${n}`, o.filter.since);
    if (o.filter.until) add((n) => `activity_at < $${n}`, o.filter.until);
    params.push(o.first + 1);
    const rows = (await this.ds.query(
      `SELECT ${MESSAGE_COLUMNS} FROM automated_message WHERE ${where.join(' AND ')}
        ORDER BY automated_message.position ${o.newestFirst ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    )) as MessageRow[];
    return { items: rows.slice(0, o.first).map(toMessage), hasNextPage: rows.length > o.first };
  }

  async messagesByIds(ids: readonly string[]): Promise<StoredMessage[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return ((await this.ds.query(`SELECT ${MESSAGE_COLUMNS} FROM automated_message WHERE id = ANY($1::uuid[])`, [valid])) as MessageRow[]).map(toMessage);
  }

  async missedCalls(teamId: string, o: { first: number; after: number | null }): Promise<PageOf<StoredMissedCall>> {
    const rows = (await this.ds.query(
      `SELECT ${MISSED_CALL_COLUMNS} FROM missed_call WHERE team_id = $1 AND ($2::bigint IS NULL OR missed_call.seq < $2::bigint)
        ORDER BY missed_call.seq DESC LIMIT $3`,
      [teamId, o.after, o.first + 1],
    )) as MissedCallRow[];
    return { items: rows.slice(0, o.first).map(toMissedCall), hasNextPage: rows.length > o.first };
  }

  async missedCallsByTickets(keys: readonly TicketKey[]): Promise<StoredMissedCall[]> {
    if (!keys.length) return [];
    return ((await this.ds.query(
      `SELECT ${MISSED_CALL_COLUMNS} FROM missed_call
        WHERE (team_id, ticket_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY missed_call.seq`,
      [keys.map((k) => k.teamId), keys.map((k) => k.id)],
    )) as MissedCallRow[]).map(toMissedCall);
  }

  async ticketsByKeys(keys: readonly TicketKey[]): Promise<StoredTicket[]> {
    if (!keys.length) return [];
    return ((await this.ds.query(
      `SELECT ${TICKET_COLUMNS} FROM ticket WHERE (team_id, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.teamId), keys.map((k) => k.id)],
    )) as TicketRow[]).map(toTicket);
  }

  async ticketsByIds(ids: readonly string[]): Promise<StoredTicket[]> {
    if (!ids.length) return [];
    return ((await this.ds.query(`SELECT ${TICKET_COLUMNS} FROM ticket WHERE id = ANY($1::text[])`, [ids])) as TicketRow[]).map(toTicket);
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
