import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ActivityFacts, FactsQuery, TeamFacts } from '../../domain/automation/activity-facts';
import type { ActivityStore, AutomationRepository } from '../../domain/automation/activity-repository';
import type { StoredMessage, StoredMissedCall } from '../../domain/automation/automation-ports';
import { AUTOMATION_DECISIONS, SUPPRESSION_REASONS } from '../../domain/automation/decide';
import type { ActivityPlan } from '../../domain/automation/plan-activity';
import { TRIGGERS, type MessageChannel } from '../../domain/chat-settings/triggers';
import type { StoredChatSettings } from '../../domain/ports';
import { databaseUnavailable } from '../database-errors';
import type { PreparedPool } from '../prepared-pool';
import type { RecipientKey } from '../recipient-key';
import { execute, queryOne, type RowParser, type SqlExecutor, type Statement } from '../sql';
import { applyStatement, factsStatement, optOutStatement } from './activity.sql';
import { defaultStored } from './chat-settings.repository';
import { messageRow, missedCallRow, ticketRow, toMessage, toMissedCall, toTicket } from './automation.rows';
import { lockTeamRow, rowToStored, teamRowSchema } from './team-row';

/**
 * The activity in PostgreSQL: one statement reads the facts from one snapshot, one statement writes
 * the plan guarded by a compare-and-set on the team row, with no transaction open between them.
 * Only when that guard failed (another instance wrote the team in between) does a retry run both
 * inside a transaction holding the team's row lock, where no other write can come between them.
 * Both statements are prepared once per connection of their own pool (see prepared-pool.ts).
 */
export class PgAutomationRepository implements AutomationRepository {
  constructor(
    private readonly pool: PreparedPool,
    /** Opt-outs are kept under the recipient's keyed hash, never the number (erasure keeps them honoured). */
    private readonly recipientKey: RecipientKey,
    private readonly db: SqlExecutor = pool.executor,
  ) {}

  /**
   * Parsed settings by team and version: a version is never reused for other settings, so the
   * facts row's settings columns are parsed once per version, not once per activity.
   */
  private readonly settingsByVersion = new LRUCache<string, StoredChatSettings>({ max: 1000 });

  async readFacts(q: FactsQuery): Promise<ActivityFacts> {
    const keys = q.optOuts.map((o) => this.recipientKey(o.recipient));
    const row = await this.one(factsStatement(q, keys), (r) => this.parseFactsRow(r));
    return toFacts(q, row);
  }

  /** The facts row; its team columns (null without a team row) parsed as settings when there is one. */
  private parseFactsRow(row: unknown) {
    const facts = factsRow.parse(row);
    if (!facts.team_exists) return { ...facts, settings: null };
    const { id, version } = teamVersion.parse(row);
    const key = `${id}\u0000${version}`;
    let settings = this.settingsByVersion.get(key);
    if (!settings) {
      settings = rowToStored(teamRowSchema.parse(row));
      this.settingsByVersion.set(key, settings);
    }
    return { ...facts, settings };
  }

  async apply(
    plan: ActivityPlan,
    seen: TeamFacts,
  ): Promise<{ message: StoredMessage | null; missedCall: StoredMissedCall | null } | null> {
    const row = await this.one(applyStatement(plan, seen, this.recipientKey), applyRow);
    if (!row.applied) return null;
    return {
      message: row.message ? toMessage(row.message) : null,
      missedCall: row.missed_call ? toMissedCall(row.missed_call) : null,
    };
  }

  async underTeamLock<T>(teamId: string, work: (store: ActivityStore) => Promise<T>): Promise<T> {
    return this.retryable(() =>
      this.pool.transaction(async (tx) => {
        await lockTeamRow(tx, teamId, 'id', z.object({ id: z.string() }));
        return work(new PgAutomationRepository(this.pool, this.recipientKey, tx));
      }),
    );
  }

  async setOptOut(teamId: string, channel: MessageChannel, recipient: string, optedOut: boolean): Promise<void> {
    const statement = optOutStatement(teamId, channel, this.recipientKey(recipient), optedOut);
    await this.retryable(() => execute(this.db, statement.text, statement.values));
  }

  private async one<T>(statement: Statement, parseRow: RowParser<T>): Promise<T> {
    const row = await this.retryable(() => queryOne(this.db, statement.text, statement.values, parseRow));
    if (row === null) throw new Error('an activity statement returned no row');
    return row;
  }

  /**
   * A retryable failure (the team's row locked elsewhere past lock_timeout: TEAM_BUSY; the database
   * busy or gone) is thrown as its UNAVAILABLE error here, so the team queue sees it too.
   */
  private async retryable<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw databaseUnavailable(err) ?? err;
    }
  }
}

// row_to_json gives timestamps as strings: the JSON forms of the row parsers coerce them back
const messageJson = messageRow.extend({ activity_at: z.coerce.date(), dispatched_at: z.coerce.date() });
const missedCallJson = missedCallRow.extend({ occurred_at: z.coerce.date() });
const ticketJson = ticketRow.extend({ opened_at: z.coerce.date() });
const jsonDate = z.union([z.null(), z.coerce.date()]);

const factsRow = z.object({
  team_exists: z.boolean(),
  write_seq: z.string().nullable(),
  ring_plans_version: z.number().int().nullable(),
  message_position: z.string().nullable(),
  missed_call_ticket_seq: z.number().int().nullable(),
  voicemail_ticket_seq: z.number().int().nullable(),
  previous: z
    .object({
      activity: z.object({
        event_id: z.string(),
        trigger: z.enum(TRIGGERS).nullable(),
        decision: z.enum(AUTOMATION_DECISIONS),
        suppression_reason: z.enum(SUPPRESSION_REASONS).nullable(),
      }),
      message: messageJson.nullable(),
      missed_call: missedCallJson.nullable(),
    })
    .nullable(),
  /** Which of the asked (channel, recipient) pairs are opted out: 1-based positions. */
  opted_out: z.array(z.number().int()).nullable(),
  dispatches: z
    .array(z.object({ trigger: z.enum(TRIGGERS), recipient: z.string(), at_or_before: jsonDate, after: jsonDate }))
    .nullable(),
  open_tickets: z.array(ticketJson).nullable(),
  named_ticket: ticketJson.nullable(),
  conversation_seen: z.boolean(),
});

const teamVersion = z.object({ id: z.string(), version: z.number().int() });

type FactsRow = z.infer<typeof factsRow> & { settings: StoredChatSettings | null };

const applyRow = z.object({
  applied: z.boolean(),
  message: messageJson.nullable(),
  missed_call: missedCallJson.nullable(),
});

function toFacts(q: FactsQuery, row: FactsRow): ActivityFacts {
  const previous = row.previous;
  return {
    team: {
      exists: row.settings !== null,
      writeSeq: Number(row.write_seq ?? 0),
      settings: row.settings ?? defaultStored(q.teamId),
      ringPlansVersion: row.ring_plans_version ?? 0,
      messagePosition: Number(row.message_position ?? 0),
      missedCallTicketSeq: row.missed_call_ticket_seq ?? 0,
      voicemailTicketSeq: row.voicemail_ticket_seq ?? 0,
    },
    previous: previous && {
      eventId: previous.activity.event_id,
      trigger: previous.activity.trigger,
      decision: previous.activity.decision,
      suppressionReason: previous.activity.suppression_reason,
      message: previous.message ? toMessage(previous.message) : null,
      missedCall: previous.missed_call ? toMissedCall(previous.missed_call) : null,
    },
    optedOut: (row.opted_out ?? []).map((i) => q.optOuts[i - 1]),
    dispatches: (row.dispatches ?? []).map((d) => ({
      trigger: d.trigger,
      recipient: d.recipient,
      atOrBefore: d.at_or_before,
      after: d.after,
    })),
    openTickets: (row.open_tickets ?? []).map(toTicket),
    namedTicket: row.named_ticket ? toTicket(row.named_ticket) : null,
    conversationSeen: row.conversation_seen,
  };
}
