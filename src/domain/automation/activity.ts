import type { MessageChannel } from '../chat-settings/triggers';

/**
 * Activities reported by telephony, messaging and ticketing services (PRODUCT.md §7 inputs).
 * Optional fields are `undefined` when absent; validateActivity turns empty strings into `undefined`.
 */

/** Where in the call flow an inbound call ended. */
export const CALL_PHASES = [
  'RINGING',
  'AFTER_GREETING',
  'AFTER_MENU_SELECTION',
  'MENU_OPTIONS',
  'VOICEMAIL_GREETING',
  'VOICEMAIL_RECORDED',
  'ADVISOR_CONNECTED',
] as const;
export type CallPhase = (typeof CALL_PHASES)[number];

export const TICKET_EVENT_TYPES = ['CREATED', 'RESOLVED', 'CLOSED'] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** Where a ticket came from. MISSED_CALL and VOICEMAIL are the tickets this service creates. */
export const TICKET_SOURCES = ['PHONE', 'MISSED_CALL', 'VOICEMAIL', 'SMS', 'WHATSAPP', 'WEB', 'MOBILE_APP'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const ADVISOR_ACTIONS = [
  'REQUEST_PHOTO_VIDEO',
  'SHARE_VOICEHUB',
  'REQUEST_APPROVAL',
  'REQUEST_PAYMENT',
  'REQUEST_RATING',
] as const;
export type AdvisorAction = (typeof ADVISOR_ACTIONS)[number];

export const ACTIVITY_KINDS = ['CALL_ENDED', 'INBOUND_MESSAGE', 'TICKET_EVENT', 'ADVISOR_ACTION'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

interface ActivityBase {
  /** Idempotency key from the reporting service. */
  eventId: string;
  teamId: string;
  customerName?: string;
  /** The customer's locale (BCP 47), used to pick the template text. */
  locale?: string;
}

export interface CallEndedActivity extends ActivityBase {
  kind: 'CALL_ENDED';
  callId: string;
  /** The caller's number, E.164. */
  phone: string;
  startedAt: Date;
  occurredAt: Date;
  endedDuring: CallPhase;
  ticketId?: string;
  ticketNumber?: string;
}

export interface InboundMessageActivity extends ActivityBase {
  kind: 'INBOUND_MESSAGE';
  channel: MessageChannel;
  conversationId: string;
  phone?: string;
  body?: string;
  occurredAt: Date;
}

export interface TicketEventActivity extends ActivityBase {
  kind: 'TICKET_EVENT';
  ticketId: string;
  number: string;
  type: TicketEventType;
  source: TicketSource;
  channel?: MessageChannel;
  conversationId?: string;
  phone?: string;
  occurredAt: Date;
}

export interface AdvisorActionActivity extends ActivityBase {
  kind: 'ADVISOR_ACTION';
  action: AdvisorAction;
  channel: MessageChannel;
  conversationId?: string;
  phone?: string;
  advisorName?: string;
  ticketId?: string;
  link?: string;
  amount?: number;
  /** ISO 4217, e.g. EUR. */
  currency?: string;
  occurredAt: Date;
}

export type Activity = CallEndedActivity | InboundMessageActivity | TicketEventActivity | AdvisorActionActivity;

/**
 * The instant business hours are evaluated at (PRODUCT.md §2): a call counts from when it
 * started ringing, so a call that began at 17:29 and ended at 17:35 was not after hours.
 */
export function activityTime(activity: Activity): Date {
  return activity.kind === 'CALL_ENDED' ? activity.startedAt : activity.occurredAt;
}
