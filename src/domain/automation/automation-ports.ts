import type { DeliveryStatus } from '../delivery/delivery-status';
import type { StoredChatSettings, TeamRingPlans } from '../ports';
import type { MessageChannel, Trigger } from '../chat-settings/triggers';
import type { TicketSource } from './activity';
import type { AutomationDecision, SuppressionReason } from './decide';

export type TicketStatus = 'OPEN' | 'RESOLVED' | 'CLOSED';

export interface StoredTicket {
  readonly teamId: string;
  readonly id: string;
  readonly number: string;
  readonly status: TicketStatus;
  readonly source: TicketSource;
  readonly phone: string | null;
  readonly conversationId: string | null;
  readonly openedAt: Date;
  readonly createdHere: boolean;
}

/** One row of the dispatch log: a decision that selected a trigger. */
export interface StoredMessage {
  readonly id: string;
  readonly teamId: string;
  /** Per-team, gap-free, in commit order: the cursor of the log and the feed. */
  readonly position: number;
  readonly eventId: string;
  readonly trigger: Trigger;
  readonly decision: 'DISPATCHED' | 'SUPPRESSED';
  readonly suppressionReason: SuppressionReason | null;
  readonly channel: MessageChannel;
  /** Phone number or conversationId; "" when there was none (NO_RECIPIENT). */
  readonly recipient: string;
  readonly body: string;
  readonly locale: string;
  readonly segments: number;
  readonly ticketId: string | null;
  readonly activityAt: Date;
  readonly dispatchedAt: Date;
}

export interface StoredMissedCall {
  readonly id: string;
  readonly teamId: string;
  readonly seq: number;
  readonly callId: string;
  readonly eventId: string;
  readonly phone: string;
  readonly occurredAt: Date;
  readonly trigger: Trigger;
  readonly ticketId: string | null;
  readonly ticketCreated: boolean;
  readonly ticketRule: string;
  readonly messageId: string | null;
}

export interface StoredOutcome {
  readonly eventId: string;
  readonly trigger: Trigger | null;
  readonly decision: AutomationDecision;
  readonly suppressionReason: SuppressionReason | null;
  readonly message: StoredMessage | null;
  readonly missedCall: StoredMissedCall | null;
}

export type NewMessage = Omit<StoredMessage, 'id' | 'position' | 'dispatchedAt'>;
export type NewMissedCall = Omit<StoredMissedCall, 'id' | 'seq'>;

/** What one activity's transaction can read and write; everything commits together or not at all. */
export interface AutomationTransaction {
  /**
   * Locks the team's row (creating the team with defaults when first seen), so a team's activities
   * run one at a time, and returns the outcome already recorded for `eventId`, if any.
   */
  lockTeam(eventId: string): Promise<{ settings: StoredChatSettings; ringPlansVersion: number; previous: StoredOutcome | null }>;
  /** The team's ring plans read inside this transaction (a cache miss must not need a second connection). */
  ringPlans(): Promise<TeamRingPlans>;
  /** Records the conversation; true when this is its first inbound message. */
  markConversation(conversationId: string, eventId: string): Promise<boolean>;
  /**
   * What suppression needs to know of a recipient: whether it opted out on the channel, and the
   * activity time of the dispatch of `trigger` to it nearest to `at` within ±cooldownMs (none when 0).
   */
  recipientState(query: { channel: MessageChannel; recipient: string; trigger: Trigger; at: Date; cooldownMs: number }): Promise<{
    optedOut: boolean;
    nearestDispatchAt: Date | null;
  }>;
  setOptOut(channel: MessageChannel, recipient: string, optedOut: boolean): Promise<void>;
  openTicketsByPhone(phone: string): Promise<StoredTicket[]>;
  findTicket(ticketId: string): Promise<StoredTicket | null>;
  /** A ticket created by this service, numbered `${prefix}-n` with the team's next n (gap-free). */
  createTicket(prefix: 'MC' | 'VM', source: TicketSource, phone: string, openedAt: Date): Promise<StoredTicket>;
  /** Keeps a ticket reported by the ticketing service in step (created, resolved, closed). */
  upsertTicket(ticket: Omit<StoredTicket, 'teamId' | 'createdHere'>): Promise<StoredTicket>;
  /**
   * Writes the decision: the dispatch-log row (with the team's next position), the missed call
   * (linked to the message) and the idempotency row with the outcome.
   */
  recordDecision(decision: NewDecision): Promise<{ message: StoredMessage | null; missedCall: StoredMissedCall | null }>;
}

export interface NewDecision {
  readonly eventId: string;
  readonly kind: string;
  readonly occurredAt: Date;
  readonly trigger: Trigger | null;
  readonly decision: AutomationDecision;
  readonly suppressionReason: SuppressionReason | null;
  readonly message: NewMessage | null;
  readonly missedCall: Omit<NewMissedCall, 'messageId'> | null;
}

export interface AutomationRepository {
  /** Runs `work` in one transaction for the team; throws roll everything back. */
  inTeamTransaction<T>(teamId: string, work: (tx: AutomationTransaction) => Promise<T>): Promise<T>;
  setOptOut(teamId: string, channel: MessageChannel, recipient: string, optedOut: boolean): Promise<void>;
}

/**
 * Told after an activity transaction committed a DISPATCHED row: the feed then reads the team's
 * log up to `position` and delivers it on every instance. A hint only: the log is the truth.
 */
export interface MessageFeedPublisher {
  committed(teamId: string, position: number): void;
}

/** Told of every decision (metrics, the decision log line). */
export interface AutomationObserver {
  decided(info: { kind: string; teamId: string; outcome: StoredOutcome; duplicate: boolean; seconds: number; recipient?: string }): void;
}

export interface MessageFilter {
  readonly triggers?: readonly Trigger[] | null;
  readonly channel?: MessageChannel | null;
  readonly decision?: AutomationDecision | null;
  readonly since?: Date | null;
  readonly until?: Date | null;
  /** Only DISPATCHED messages whose current delivery status is one of these (PENDING: no report yet). */
  readonly deliveryStatus?: readonly DeliveryStatus[] | null;
}

export interface PageOf<T> {
  readonly items: readonly T[];
  readonly hasNextPage: boolean;
}

export interface TicketKey {
  readonly teamId: string;
  readonly id: string;
}

/** The read side of the dispatch log, missed calls and tickets. */
export interface AutomationReadRepository {
  /** Ordered by position (ascending, or descending with newestFirst); `after` is a position. */
  messages(teamId: string, options: { first: number; after: number | null; newestFirst: boolean; filter: MessageFilter }): Promise<PageOf<StoredMessage>>;
  messagesByIds(ids: readonly string[]): Promise<StoredMessage[]>;
  /** Newest first; `after` is a seq. */
  missedCalls(teamId: string, options: { first: number; after: number | null }): Promise<PageOf<StoredMissedCall>>;
  missedCallsByTickets(keys: readonly TicketKey[]): Promise<StoredMissedCall[]>;
  ticketsByKeys(keys: readonly TicketKey[]): Promise<StoredTicket[]>;
  /** Tickets with this id in any team (ids from other systems are only unique per team). */
  ticketsByIds(ids: readonly string[]): Promise<StoredTicket[]>;
}
