import type { MessageChannel, Trigger } from '../chat-settings/triggers';
import type { StoredChatSettings } from '../ports';
import { activityTime, type Activity } from './activity';
import type { StoredOutcome, StoredTicket } from './automation-ports';
import { chooseTrigger } from './choose-trigger';
import { messageTarget } from './decide';

/**
 * Everything the planner needs to know about the team and the customer, read by persistence in one
 * statement (one consistent snapshot) before anything is decided. The team's `writeSeq` is the
 * compare-and-set guard: the plan is applied only if no other write of the team came in between.
 */
export interface ActivityFacts {
  readonly team: TeamFacts;
  /** The outcome already recorded for this eventId (then the activity is a duplicate). */
  readonly previous: StoredOutcome | null;
  /** The (channel, recipient) pairs asked for that are opted out. */
  readonly optedOut: readonly RecipientOnChannel[];
  /** Per asked (trigger, recipient): the nearest DISPATCHED activity times at or before and after `at`. */
  readonly dispatches: readonly NearbyDispatches[];
  /** The caller's open tickets (calls only). */
  readonly openTickets: readonly StoredTicket[];
  /** The ticket the activity names (`ticketId`), as this service knows it. */
  readonly namedTicket: StoredTicket | null;
  /** An inbound message was recorded before for the activity's conversationId. */
  readonly conversationSeen: boolean;
}

export interface TeamFacts {
  /** The team has a row (a team is created by its first write). */
  readonly exists: boolean;
  /** Bumped by every activity and opt-out write of the team: the compare-and-set guard. */
  readonly writeSeq: number;
  readonly settings: StoredChatSettings;
  readonly ringPlansVersion: number;
  /** The last dispatch-log position and ticket sequence numbers handed out. */
  readonly messagePosition: number;
  readonly missedCallTicketSeq: number;
  readonly voicemailTicketSeq: number;
}

export interface RecipientOnChannel {
  readonly channel: MessageChannel;
  readonly recipient: string;
}

export interface NearbyDispatches {
  readonly trigger: Trigger;
  readonly recipient: string;
  readonly atOrBefore: Date | null;
  readonly after: Date | null;
}

/** What persistence must look up for an activity: derived from the rules, so it asks for exactly what they use. */
export interface FactsQuery {
  readonly teamId: string;
  readonly eventId: string;
  readonly at: Date;
  readonly optOuts: readonly RecipientOnChannel[];
  readonly dispatches: readonly { trigger: Trigger; recipient: string }[];
  /** The caller's number, for the open tickets a missed call may be logged on. */
  readonly openTicketsOf: string | null;
  readonly ticketId: string | null;
  readonly conversationId: string | null;
}

/**
 * The lookups for an activity. The trigger depends on facts not known yet (business hours, first
 * message), so every trigger the activity could select is asked for — at most two.
 */
export function factsQuery(activity: Activity): FactsQuery {
  const candidates = new Set<Trigger>();
  for (const openAtActivityTime of [true, false]) {
    for (const firstInboundMessageOfConversation of [true, false]) {
      const trigger = chooseTrigger(activity, { openAtActivityTime, firstInboundMessageOfConversation });
      if (trigger) candidates.add(trigger);
    }
  }
  const targets = [...candidates].flatMap((trigger) => {
    const target = messageTarget(activity, trigger);
    return target ? [{ trigger, ...target }] : [];
  });
  return {
    teamId: activity.teamId,
    eventId: activity.eventId,
    at: activityTime(activity),
    optOuts: uniqueBy(
      targets.map(({ channel, recipient }) => ({ channel, recipient })),
      (t) => `${t.channel}\u0000${t.recipient}`,
    ),
    dispatches: targets.map(({ trigger, recipient }) => ({ trigger, recipient })),
    openTicketsOf: activity.kind === 'CALL_ENDED' ? activity.phone : null,
    ticketId: namedTicketId(activity) ?? null,
    conversationId: activity.kind === 'INBOUND_MESSAGE' ? activity.conversationId : null,
  };
}

/** The ticket an activity names, if any. */
export function namedTicketId(activity: Activity): string | undefined {
  return activity.kind === 'TICKET_EVENT' ? activity.ticketId : 'ticketId' in activity ? activity.ticketId : undefined;
}

/**
 * The activity time of the dispatch of `trigger` to `recipient` nearest to `at` and less than
 * `cooldownMs` away in either direction (events may arrive out of order); null when none or 0.
 */
export function nearestDispatch(
  facts: ActivityFacts,
  trigger: Trigger,
  recipient: string,
  at: Date,
  cooldownMs: number,
): Date | null {
  if (cooldownMs <= 0) return null;
  const found = facts.dispatches.find((d) => d.trigger === trigger && d.recipient === recipient);
  const within = [found?.atOrBefore, found?.after].filter(
    (t): t is Date => t instanceof Date && Math.abs(t.getTime() - at.getTime()) < cooldownMs,
  );
  within.sort((a, b) => Math.abs(a.getTime() - at.getTime()) - Math.abs(b.getTime() - at.getTime()));
  return within[0] ?? null;
}

export function isOptedOut(facts: ActivityFacts, channel: MessageChannel, recipient: string): boolean {
  return facts.optedOut.some((o) => o.channel === channel && o.recipient === recipient);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
