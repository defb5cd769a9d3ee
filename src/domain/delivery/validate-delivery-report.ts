import { MAX_CLOCK_SKEW_MS, validateTeamId } from '../automation/validate-activity';
import { badInput } from '../errors';
import { DELIVERY_RANK, DELIVERY_STATUSES, type DeliveryStatus } from './delivery-status';
import type { NewDeliveryReport } from './delivery-ports';

export interface DeliveryStatusInput {
  readonly eventId: string;
  readonly teamId: string;
  readonly messageId: string;
  readonly status: DeliveryStatus;
  readonly occurredAt: Date;
  readonly providerMessageId?: string | null;
  readonly errorCode?: string | null;
  readonly errorMessage?: string | null;
}

const EVENT_ID_MAX = 200;
const PROVIDER_ID_MAX = 200;
const ERROR_CODE_MAX = 100;
const ERROR_MESSAGE_MAX = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A sender's report, checked like every activity: nothing is written for a bad one. */
export function validateDeliveryReport(input: DeliveryStatusInput, now: Date): NewDeliveryReport {
  const teamId = validateTeamId(input.teamId);
  const eventId = typeof input.eventId === 'string' ? input.eventId.trim() : '';
  if (!eventId || eventId.length > EVENT_ID_MAX) {
    throw badInput(
      'INVALID_EVENT_ID',
      `eventId must be a non-empty string of at most ${EVENT_ID_MAX} characters`,
      'eventId',
    );
  }
  if (!(DELIVERY_STATUSES as readonly string[]).includes(input.status)) {
    throw badInput('INVALID_ENUM_VALUE', `status must be one of ${DELIVERY_STATUSES.join(', ')}`, 'status');
  }
  const occurredAt = input.occurredAt;
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
    throw badInput('INVALID_TIME', 'occurredAt must be a valid date-time', 'occurredAt');
  }
  if (occurredAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    throw badInput('TIME_IN_FUTURE', 'occurredAt must not be more than 5 minutes in the future', 'occurredAt', {
      now: now.toISOString(),
    });
  }
  const messageId = typeof input.messageId === 'string' ? input.messageId.trim() : '';
  // message ids are ours (uuids): anything else cannot be a message of this team
  if (!UUID.test(messageId)) throw unknownMessage();
  return {
    eventId,
    teamId,
    messageId: messageId.toLowerCase(),
    status: input.status,
    rank: DELIVERY_RANK[input.status],
    occurredAt: new Date(occurredAt.getTime()),
    providerMessageId: optional(input.providerMessageId, 'providerMessageId', PROVIDER_ID_MAX),
    errorCode: optional(input.errorCode, 'errorCode', ERROR_CODE_MAX),
    errorMessage: optional(input.errorMessage, 'errorMessage', ERROR_MESSAGE_MAX),
  };
}

export const unknownMessage = () => badInput('UNKNOWN_MESSAGE', 'messageId is not a message of this team', 'messageId');

export const notDispatched = () =>
  badInput('NOT_DISPATCHED', 'Only DISPATCHED messages have a delivery: this message was suppressed', 'messageId');

function optional(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null) return null;
  const s = value.trim();
  if (!s) return null;
  if (Array.from(s).length > max)
    throw badInput('TEXT_TOO_LONG', `${field} must be at most ${max} characters`, field, { max });
  return s;
}
