import type { DeliveryStatus } from '../delivery/delivery-status';
import type { MessageChannel, Trigger } from '../chat-settings/triggers';
import type { TicketSource } from './activity';
import type { AutomationDecision, SuppressionReason } from './decide';

export type TicketStatus = 'OPEN' | 'RESOLVED' | 'CLOSED';

export interface StoredTicket {
  readonly teamId: string;
  /** The per-team key: the ticketing system's id, or a uuid for tickets created here. */
  readonly id: string;
  /** Globally unique and opaque, assigned by this service: the public `Ticket.id`. */
  readonly publicId: string;
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

/**
 * Told after an activity transaction committed a DISPATCHED row: the feed then reads the team's
 * log up to `position` and delivers it on every instance. A hint only: the log is the truth.
 */
export interface MessageFeedPublisher {
  committed(teamId: string, position: number): void;
}

/** Told of every decision (metrics, the decision log line). */
export interface AutomationObserver {
  decided(info: {
    kind: string;
    teamId: string;
    outcome: StoredOutcome;
    duplicate: boolean;
    seconds: number;
    recipient?: string;
  }): void;
  /** The team was written by another instance between reading the facts and writing; planned again. */
  conflicted(teamId: string): void;
  /** The activity could not get its team in time (UNAVAILABLE / TEAM_BUSY). */
  busy(teamId: string): void;
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

/**
 * The read side of the dispatch log, missed calls and tickets. Every method is one statement for
 * any number of teams or keys (the per-request loaders batch into them); none checks access.
 */
export interface AutomationReadRepository {
  /** A page per team, ordered by position (ascending, or descending with newestFirst); `after` is a position. */
  messagePages(
    teamIds: readonly string[],
    options: { first: number; after: number | null; newestFirst: boolean; filter: MessageFilter },
  ): Promise<Map<string, PageOf<StoredMessage>>>;
  /** Messages by id (uuids only). */
  messagesByIds(ids: readonly string[]): Promise<StoredMessage[]>;
  /** A page per team, newest first; `after` is a seq. */
  missedCallPages(
    teamIds: readonly string[],
    options: { first: number; after: number | null },
  ): Promise<Map<string, PageOf<StoredMissedCall>>>;
  missedCallsByTickets(keys: readonly TicketKey[]): Promise<StoredMissedCall[]>;
  ticketsByKeys(keys: readonly TicketKey[]): Promise<StoredTicket[]>;
  /** Tickets by their public id (uuids only). */
  ticketsByPublicIds(ids: readonly string[]): Promise<StoredTicket[]>;
}
