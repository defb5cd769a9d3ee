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
import { z } from 'zod';
import { query } from '../sql';
import { teamHeads } from './team-row';
import {
  MESSAGE_COLUMNS,
  MISSED_CALL_COLUMNS,
  TICKET_COLUMNS,
  messageRow,
  missedCallRow,
  ticketRow,
  toMessage,
  toMissedCall,
  toTicket,
} from './automation.rows';

/** A page of the feed: the team's head with a message, or with nulls when the page is empty. */
const headRow = z.union([
  messageRow.extend({ head: z.string().nullable() }),
  z.object({ head: z.string().nullable(), id: z.null() }),
]);

/** Reads of the dispatch log, missed calls and tickets; each method is one statement. */
export class PgAutomationReadRepository implements AutomationReadRepository, DispatchLog {
  constructor(private readonly ds: DataSource) {}

  async dispatchedAfter(
    teamId: string,
    after: number,
    limit: number,
    triggers?: readonly Trigger[] | null,
  ): Promise<DispatchedPage> {
    // One statement, so the rows and the team's head come from one snapshot: when the page is not
    // full, every row up to that head has been seen (positions commit in order under the team lock).
    const rows = await query(
      this.ds,
      `/* dispatchedAfter */ SELECT h.head, m.*
         FROM (SELECT (SELECT message_position FROM team WHERE id = $1)::text AS head) h
         LEFT JOIN LATERAL (
           SELECT ${MESSAGE_COLUMNS} FROM automated_message
            WHERE team_id = $1 AND position > $2 AND decision = 'DISPATCHED'
              AND ($4::text[] IS NULL OR trigger = ANY($4::text[]))
            ORDER BY automated_message.position LIMIT $3) m ON true`,
      [teamId, after, limit, triggers?.length ? triggers : null],
      headRow,
    );
    const head = Number(rows[0]?.head ?? 0);
    const messages = rows.flatMap((r) => (r.id === null ? [] : [toMessage(r)])).sort((a, b) => a.position - b.position);
    const through = messages.length >= limit ? messages[messages.length - 1].position : Math.max(head, after);
    return { messages, through };
  }

  heads(teamIds: readonly string[]): Promise<Map<string, number>> {
    return teamHeads(this.ds, 'message_position', teamIds);
  }

  async messagePages(
    teamIds: readonly string[],
    o: { first: number; after: number | null; newestFirst: boolean; filter: MessageFilter },
  ): Promise<Map<string, PageOf<StoredMessage>>> {
    if (!teamIds.length) return new Map();
    const params: unknown[] = [teamIds];
    const where = ['m.team_id = t.team_id'];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (o.after !== null) add((n) => (o.newestFirst ? `m.position < $${n}` : `m.position > $${n}`), o.after);
    if (o.filter.triggers?.length) add((n) => `m.trigger = ANY($${n}::text[])`, o.filter.triggers);
    if (o.filter.channel) add((n) => `m.channel = $${n}`, o.filter.channel);
    if (o.filter.decision) add((n) => `m.decision = $${n}`, o.filter.decision);
    if (o.filter.since) add((n) => `m.activity_at >= $${n}`, o.filter.since);
    if (o.filter.until) add((n) => `m.activity_at < $${n}`, o.filter.until);
    if (o.filter.deliveryStatus?.length) {
      add(
        (n) => `m.decision = 'DISPATCHED' AND coalesce(m.delivery_status, 'PENDING') = ANY($${n}::text[])`,
        o.filter.deliveryStatus,
      );
    }
    params.push(o.first + 1);
    // one statement for every team asking the same page: a LATERAL page per team, on the (team_id, position) index
    const rows = await query(
      this.ds,
      `/* messagePages */ SELECT p.* FROM unnest($1::text[]) AS t(team_id)
        CROSS JOIN LATERAL (
          SELECT ${MESSAGE_COLUMNS} FROM automated_message m WHERE ${where.join(' AND ')}
           ORDER BY m.position ${o.newestFirst ? 'DESC' : 'ASC'} LIMIT $${params.length}) p`,
      params,
      messageRow,
    );
    return pagesByTeam(teamIds, rows.map(toMessage), o.first, (a, b) =>
      o.newestFirst ? b.position - a.position : a.position - b.position,
    );
  }

  async messagesByIds(ids: readonly string[]): Promise<StoredMessage[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return (
      await query(
        this.ds,
        `/* messagesByIds */ SELECT ${MESSAGE_COLUMNS} FROM automated_message WHERE id = ANY($1::uuid[])`,
        [valid],
        messageRow,
      )
    ).map(toMessage);
  }

  async missedCallPages(
    teamIds: readonly string[],
    o: { first: number; after: number | null },
  ): Promise<Map<string, PageOf<StoredMissedCall>>> {
    if (!teamIds.length) return new Map();
    const rows = await query(
      this.ds,
      `/* missedCallPages */ SELECT p.* FROM unnest($1::text[]) AS t(team_id)
        CROSS JOIN LATERAL (
          SELECT ${MISSED_CALL_COLUMNS} FROM missed_call WHERE missed_call.team_id = t.team_id
             AND ($2::bigint IS NULL OR missed_call.seq < $2::bigint)
           ORDER BY missed_call.seq DESC LIMIT $3) p`,
      [teamIds, o.after, o.first + 1],
      missedCallRow,
    );
    return pagesByTeam(teamIds, rows.map(toMissedCall), o.first, (a, b) => b.seq - a.seq);
  }

  async missedCallsByTickets(keys: readonly TicketKey[]): Promise<StoredMissedCall[]> {
    if (!keys.length) return [];
    return (
      await query(
        this.ds,
        `/* missedCallsByTickets */ SELECT ${MISSED_CALL_COLUMNS} FROM missed_call
        WHERE (team_id, ticket_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY missed_call.seq`,
        [keys.map((k) => k.teamId), keys.map((k) => k.id)],
        missedCallRow,
      )
    ).map(toMissedCall);
  }

  async ticketsByKeys(keys: readonly TicketKey[]): Promise<StoredTicket[]> {
    if (!keys.length) return [];
    return (
      await query(
        this.ds,
        `/* ticketsByKeys */ SELECT ${TICKET_COLUMNS} FROM ticket WHERE (team_id, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [keys.map((k) => k.teamId), keys.map((k) => k.id)],
        ticketRow,
      )
    ).map(toTicket);
  }

  async ticketsByPublicIds(ids: readonly string[]): Promise<StoredTicket[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return (
      await query(
        this.ds,
        `/* ticketsByPublicIds */ SELECT ${TICKET_COLUMNS} FROM ticket WHERE public_id = ANY($1::uuid[])`,
        [valid],
        ticketRow,
      )
    ).map(toTicket);
  }
}

/** Splits the rows of a batched page query into one page per team (`first + 1` rows were read to know `hasNextPage`). */
function pagesByTeam<T extends { teamId: string }>(
  teamIds: readonly string[],
  rows: readonly T[],
  first: number,
  order: (a: T, b: T) => number,
): Map<string, PageOf<T>> {
  const byTeam = new Map<string, T[]>(teamIds.map((id) => [id, []]));
  for (const row of rows) byTeam.get(row.teamId)?.push(row);
  return new Map(
    [...byTeam].map(([teamId, items]) => {
      items.sort(order);
      return [teamId, { items: items.slice(0, first), hasNextPage: items.length > first }];
    }),
  );
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
