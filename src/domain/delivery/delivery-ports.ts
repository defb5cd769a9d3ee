import type { StoredMessage } from '../automation/automation-ports';
import type { Trigger } from '../chat-settings/triggers';
import type { StatsRow } from '../stats/automation-stats';
import type { DeliveryStatus } from './delivery-status';

/** A validated report, with the rank of its status (the first key of the ranking rule). */
export interface NewDeliveryReport {
  readonly eventId: string;
  readonly teamId: string;
  readonly messageId: string;
  readonly status: DeliveryStatus;
  readonly rank: number;
  readonly occurredAt: Date;
  readonly providerMessageId: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

export type RecordedDelivery =
  | {
      readonly kind: 'RECORDED';
      readonly message: StoredMessage;
      /** The eventId was recorded before: nothing changed, `message` is that report's message. */
      readonly duplicate: boolean;
      /** Set when this report became the message's current one: its position in the team's change feed. */
      readonly changePosition: number | null;
    }
  /** No message with that id in this team (another team's message is answered the same way). */
  | { readonly kind: 'UNKNOWN_MESSAGE' }
  /** The message exists but was SUPPRESSED: there is nothing to deliver. */
  | { readonly kind: 'NOT_DISPATCHED' };

export interface StoredDelivery {
  readonly messageId: string;
  readonly status: DeliveryStatus;
  readonly updatedAt: Date | null;
  readonly providerMessageId: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** Every report, in occurredAt order. */
  readonly history: readonly { status: DeliveryStatus; occurredAt: Date; errorCode: string | null }[];
}

/** One change of a message's current delivery status, at its per-team position. */
export interface DeliveryChange {
  readonly position: number;
  readonly teamId: string;
  /** The message's trigger (the feed can filter on it). */
  readonly trigger: Trigger;
  readonly status: DeliveryStatus;
  readonly occurredAt: Date;
  readonly message: StoredMessage;
}

export interface DeliveryRepository {
  /**
   * One statement: the report, the ranking rule against the message's current report, the
   * change position under the team row lock, and the figures of the message's slot.
   */
  record(report: NewDeliveryReport): Promise<RecordedDelivery>;
  /** Deliveries of these messages (DISPATCHED ones with at least one report). */
  deliveriesOf(messageIds: readonly string[]): Promise<StoredDelivery[]>;
  /** Rollup rows in [starts[0], until), `bucket` being the index of the start each slot falls after. */
  statsRows(teamId: string, starts: readonly Date[], until: Date): Promise<StatsRow[]>;
}

/** Told after a report that changed a current status committed (a hint for the feed). */
export interface DeliveryFeedPublisher {
  deliveryCommitted(teamId: string, position: number): void;
}

/** Told of every report recorded (metrics). */
export interface DeliveryObserver {
  reported(info: {
    teamId: string;
    status: DeliveryStatus;
    duplicate: boolean;
    changed: boolean;
    lagSeconds: number | null;
  }): void;
}
