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
import type { Trigger } from '../../domain/chat-settings/triggers';
import type { DispatchedPage, DispatchLog } from '../../domain/feed/feed-ports';
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
export class PgAutomationReadRepository implements AutomationReadRepository, DispatchLog {
  constructor(private readonly ds: DataSource) {}

  async dispatchedAfter(teamId: string, after: number, limit: number, triggers?: readonly Trigger[] | null): Promise<DispatchedPage> {
    // One statement, so the rows and the team's head come from one snapshot: when the page is not
    // full, every row up to that head has been seen (positions commit in order under the team lock).
    const rows = (await this.ds.query(
      `SELECT h.head, m.*
         FROM (SELECT (SELECT message_position FROM team WHERE id = $1)::text AS head) h
         LEFT JOIN LATERAL (
           SELECT ${MESSAGE_COLUMNS} FROM automated_message
            WHERE team_id = $1 AND position > $2 AND decision = 'DISPATCHED'
              AND ($4::text[] IS NULL OR trigger = ANY($4::text[]))
            ORDER BY automated_message.position LIMIT $3) m ON true`,
      [teamId, after, limit, triggers?.length ? triggers : null],
    )) as (MessageRow & { head: string | null })[];
    const head = Number(rows[0]?.head ?? 0);
    const messages = rows
      .filter((r) => r.id !== null)
      .map(toMessage)
      .sort((a, b) => a.position - b.position);
    const through = messages.length >= limit ? messages[messages.length - 1].position : Math.max(head, after);
    return { messages, through };
  }

  async heads(teamIds: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map(teamIds.map((id) => [id, 0]));
    if (!teamIds.length) return heads;
    const rows = (await this.ds.query(`SELECT id, message_position::text AS head FROM team WHERE id = ANY($1::text[])`, [
      teamIds,
    ])) as { id: string; head: string }[];
    for (const r of rows) heads.set(r.id, Number(r.head));
    return heads;
  }

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
    if (o.filter.deliveryStatus?.length) {
      add((n) => `decision = 'DISPATCHED' AND coalesce(delivery_status, 'PENDING') = ANY($${n}::text[])`, o.filter.deliveryStatus);
    }
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
