import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type {
  ErasureRepository,
  ErasureSubject,
  RetentionKind,
  RetentionRepository,
  RetentionStore,
  StoredErasure,
} from '../../domain/privacy/privacy-ports';
import { z } from 'zod';
import { execute, query, queryOne } from '../sql';
import { lockTeamRow } from './team-row';

const erasureRow = z.object({
  team_id: z.string(),
  at: z.date(),
  actor: z.string(),
  messages: z.number().int(),
  missed_calls: z.number().int(),
});

type ErasureRow = z.infer<typeof erasureRow>;

const toErasure = (r: ErasureRow): StoredErasure => ({
  teamId: r.team_id,
  at: r.at,
  actor: r.actor,
  messages: r.messages,
  missedCalls: r.missed_calls,
});

/**
 * Erasure in PostgreSQL: text columns are blanked, rows stay (counts, statistics, positions and
 * cursors are unchanged). Under the team's row lock, so an activity of the team in flight either
 * committed before (and is erased) or runs after.
 */
export class PgErasureRepository implements ErasureRepository {
  constructor(private readonly ds: DataSource) {}

  erase(teamId: string, subject: ErasureSubject, actor: string): Promise<StoredErasure> {
    return this.ds.transaction(async (em) => {
      await lockTeamRow(em, teamId, 'id', z.object({ id: z.string() }));
      const counts =
        subject.kind === 'PHONE'
          ? await erasePhone(em, teamId, subject.phone)
          : await eraseConversation(em, teamId, subject.conversationId);
      const row = await queryOne(
        em,
        `/* recordErasure */ INSERT INTO erasure (team_id, actor, messages, missed_calls) VALUES ($1, $2, $3, $4)
         RETURNING team_id, at, actor, messages, missed_calls`,
        [teamId, actor, counts.messages, counts.missed_calls],
        erasureRow,
      );
      if (row === null) throw new Error('recordErasure returned no row');
      return toErasure(row);
    });
  }

  async erasuresOf(teamIds: readonly string[], first: number): Promise<StoredErasure[]> {
    const rows = await query(
      this.ds,
      `/* erasuresOf */ SELECT team_id, at, actor, messages, missed_calls FROM (
         SELECT e.*, row_number() OVER (PARTITION BY team_id ORDER BY id DESC) AS n FROM erasure e WHERE team_id = ANY($1::text[])
       ) e WHERE n <= $2 ORDER BY team_id, id DESC`,
      [teamIds, first],
      erasureRow,
    );
    return rows.map(toErasure);
  }
}

/**
 * A CTE that blanks what the provider wrote into the delivery reports of the messages a CTE `msg`
 * erased (`RETURNING id`): its error text and message id echo the number. Status and error code stay.
 */
const ERASE_DELIVERY_TEXTS = `delivery_texts AS (
       UPDATE delivery_report SET provider_message_id = NULL, error_message = NULL
        WHERE message_id IN (SELECT id FROM msg) AND (provider_message_id IS NOT NULL OR error_message IS NOT NULL)
        RETURNING 1
     )`;

const countsRow = z.object({ messages: z.number().int(), missed_calls: z.number().int() });

type Counts = z.infer<typeof countsRow>;

/** The one row of an erasing statement (a SELECT of aggregates always returns one). */
async function countsOf(em: EntityManager, statement: string, params: readonly unknown[]): Promise<Counts> {
  const row = await queryOne(em, statement, params, countsRow);
  if (row === null) throw new Error(`erasure counts missing: ${statement.slice(0, 40)}`);
  return row;
}

/**
 * A phone number: its missed calls, the log rows sent to it or linked to its missed calls, the
 * tickets that name it, and the web/app conversations those tickets tie to the number (the same
 * person, whose name is in those messages too). Rows already blank are not counted again, so a
 * second erasure reports 0. (Every CTE sees the rows as they were before the statement.)
 */
async function erasePhone(em: EntityManager, teamId: string, phone: string): Promise<Counts> {
  return countsOf(
    em,
    `/* erasePhone */ WITH conv AS (
       SELECT DISTINCT conversation_id FROM ticket WHERE team_id = $1 AND phone = $2 AND conversation_id IS NOT NULL
     ), mc AS (
       UPDATE missed_call SET phone = '', erased_at = COALESCE(erased_at, now())
        WHERE team_id = $1 AND phone = $2 RETURNING message_id
     ), msg AS (
       UPDATE automated_message SET recipient = '', body = '', erased_at = COALESCE(erased_at, now())
        WHERE team_id = $1 AND (recipient <> '' OR body <> '')
          AND (recipient = $2 OR id IN (SELECT message_id FROM mc)
               OR (channel IN ('WEB', 'MOBILE_APP') AND recipient IN (SELECT conversation_id FROM conv)))
        RETURNING id
     ), ${ERASE_DELIVERY_TEXTS}, tk AS (
       UPDATE ticket SET phone = NULL, conversation_id = NULL
        WHERE team_id = $1 AND (phone = $2 OR conversation_id IN (SELECT conversation_id FROM conv)) RETURNING 1
     ), forget AS (
       DELETE FROM conversation WHERE team_id = $1 AND conversation_id IN (SELECT conversation_id FROM conv) RETURNING 1
     )
     SELECT (SELECT count(*) FROM msg)::int AS messages, (SELECT count(*) FROM mc)::int AS missed_calls`,
    [teamId, phone],
  );
}

/** A web or app conversation: the log rows sent to it, its tickets' contact data and the conversation itself. */
async function eraseConversation(em: EntityManager, teamId: string, conversationId: string): Promise<Counts> {
  return countsOf(
    em,
    `/* eraseConversation */ WITH msg AS (
       UPDATE automated_message SET recipient = '', body = '', erased_at = COALESCE(erased_at, now())
        WHERE team_id = $1 AND recipient = $2 AND channel IN ('WEB', 'MOBILE_APP')
        RETURNING id
     ), ${ERASE_DELIVERY_TEXTS}, tk AS (
       UPDATE ticket SET conversation_id = NULL, phone = NULL WHERE team_id = $1 AND conversation_id = $2 RETURNING 1
     ), conv AS (
       DELETE FROM conversation WHERE team_id = $1 AND conversation_id = $2 RETURNING 1
     )
     SELECT (SELECT count(*) FROM msg)::int AS messages, 0 AS missed_calls`,
    [teamId, conversationId],
  );
}

/** The key of the session advisory lock only one instance's retention run holds ("retn"). */
export const RETENTION_LOCK_KEY = 0x7265746e;

/**
 * One statement per kind: picks at most $2 rows older than $1 that nobody else holds
 * (SKIP LOCKED: an activity never waits for retention, retention never waits for an activity)
 * and erases or deletes them.
 */
const BATCH_SQL: Record<RetentionKind, string> = {
  activities: `/* retention.activities */ WITH b AS (
      SELECT team_id, event_id FROM activity WHERE processed_at < $1 ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED
    ), d AS (
      DELETE FROM activity a USING b WHERE a.team_id = b.team_id AND a.event_id = b.event_id RETURNING 1
    ) SELECT count(*)::int AS n FROM d`,
  messages: `/* retention.messages */ WITH b AS (
      SELECT id FROM automated_message WHERE erased_at IS NULL AND activity_at < $1 ORDER BY activity_at LIMIT $2 FOR UPDATE SKIP LOCKED
    ), msg AS (
      UPDATE automated_message m SET recipient = '', body = '', erased_at = now() FROM b WHERE m.id = b.id RETURNING m.id
    ), ${ERASE_DELIVERY_TEXTS} SELECT count(*)::int AS n FROM msg`,
  missedCalls: `/* retention.missedCalls */ WITH b AS (
      SELECT id FROM missed_call WHERE erased_at IS NULL AND occurred_at < $1 ORDER BY occurred_at LIMIT $2 FOR UPDATE SKIP LOCKED
    ), u AS (
      UPDATE missed_call m SET phone = '', erased_at = now() FROM b WHERE m.id = b.id RETURNING 1
    ) SELECT count(*)::int AS n FROM u`,
  tickets: `/* retention.tickets */ WITH b AS (
      SELECT team_id, id FROM ticket WHERE (phone IS NOT NULL OR conversation_id IS NOT NULL) AND updated_at < $1
       ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED
    ), u AS (
      UPDATE ticket t SET phone = NULL, conversation_id = NULL FROM b WHERE t.team_id = b.team_id AND t.id = b.id RETURNING 1
    ) SELECT count(*)::int AS n FROM u`,
  conversations: `/* retention.conversations */ WITH b AS (
      SELECT team_id, conversation_id FROM conversation WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
    ), d AS (
      DELETE FROM conversation c USING b WHERE c.team_id = b.team_id AND c.conversation_id = b.conversation_id RETURNING 1
    ) SELECT count(*)::int AS n FROM d`,
};

const lockRow = z.object({ locked: z.boolean() });
const batchRow = z.object({ n: z.number().int() });

/**
 * Retention on one connection that holds a session advisory lock for the whole run (try-lock: a
 * second instance skips instead of waiting). Each batch is a single autocommit statement, so
 * its row locks last only that statement.
 */
export class PgRetentionRepository implements RetentionRepository {
  constructor(private readonly ds: DataSource) {}

  async exclusively<T>(work: (store: RetentionStore) => Promise<T>): Promise<T | null> {
    const runner: QueryRunner = this.ds.createQueryRunner();
    try {
      await runner.connect();
      const lock = await queryOne(
        runner,
        `/* retentionTryLock */ SELECT pg_try_advisory_lock($1) AS locked`,
        [RETENTION_LOCK_KEY],
        lockRow,
      );
      if (lock === null) throw new Error('retentionTryLock returned no row');
      if (!lock.locked) return null;
      try {
        return await work({
          batch: async (kind, before, limit) => {
            const row = await queryOne(runner, BATCH_SQL[kind], [before, limit], batchRow);
            if (row === null) throw new Error(`retention.${kind} returned no row`);
            return row.n;
          },
        });
      } finally {
        await execute(runner, `/* retentionUnlock */ SELECT pg_advisory_unlock($1)`, [RETENTION_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
