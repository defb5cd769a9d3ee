import type { Trigger } from '../chat-settings/triggers';
import type {
  Activity,
  AdvisorAction,
  CallEndedActivity,
  InboundMessageActivity,
  TicketEventActivity,
} from './activity';

/** Facts about the activity the caller looks up before choosing; both as of the activity's own time. */
export interface TriggerContext {
  /** A ring plan was active at activityTime(activity) (PRODUCT.md §4). */
  openAtActivityTime: boolean;
  /** No inbound message was recorded before for this conversationId in the team. */
  firstInboundMessageOfConversation: boolean;
}

const ADVISOR_ACTION_TRIGGERS = {
  REQUEST_PHOTO_VIDEO: 'PHOTO_VIDEO_REQUESTED',
  SHARE_VOICEHUB: 'VOICEHUB_SHARED',
  REQUEST_APPROVAL: 'APPROVAL_REQUESTED',
  REQUEST_PAYMENT: 'PAYMENT_REQUESTED',
  REQUEST_RATING: 'ADVISOR_RATING_REQUESTED',
} as const satisfies Record<AdvisorAction, Trigger>;

const MISSED_CALL_TRIGGERS: readonly Trigger[] = ['CUSTOMER_HUNG_UP', 'MISSED_CALL', 'AFTER_HOURS_CALL'];

/** Triggers whose activity is a call; their message goes by SMS to the caller's number. */
const PHONE_TRIGGERS: readonly Trigger[] = [
  'CUSTOMER_HUNG_UP',
  'VOICEMAIL_LEFT',
  'CALL_COMPLETED_WITH_TICKET',
  'AFTER_HOURS_CALL',
  'MISSED_CALL',
];

/**
 * The one trigger an activity selects (PRODUCT.md §2 "Choosing the trigger"), most specific first,
 * or null when no automated message applies. Whether the trigger is switched on is not looked at
 * here: a disabled trigger is still chosen, and then suppressed, never replaced by another.
 */
export function chooseTrigger(activity: Activity, ctx: TriggerContext): Trigger | null {
  switch (activity.kind) {
    case 'CALL_ENDED':
      return callTrigger(activity, ctx);
    case 'INBOUND_MESSAGE':
      return messageTrigger(activity, ctx);
    case 'TICKET_EVENT':
      return ticketTrigger(activity, ctx);
    case 'ADVISOR_ACTION':
      return ADVISOR_ACTION_TRIGGERS[activity.action];
  }
}

function callTrigger(call: CallEndedActivity, ctx: TriggerContext): Trigger | null {
  // A voicemail is the customer's own message: acknowledging it beats "we are closed".
  if (call.endedDuring === 'VOICEMAIL_RECORDED') return 'VOICEMAIL_LEFT';
  if (call.endedDuring !== 'ADVISOR_CONNECTED' && !ctx.openAtActivityTime) return 'AFTER_HOURS_CALL';
  switch (call.endedDuring) {
    case 'RINGING':
    case 'AFTER_GREETING':
    case 'AFTER_MENU_SELECTION':
      return 'CUSTOMER_HUNG_UP';
    case 'VOICEMAIL_GREETING':
    case 'MENU_OPTIONS':
      return 'MISSED_CALL';
    case 'ADVISOR_CONNECTED':
      return call.ticketId !== undefined ? 'CALL_COMPLETED_WITH_TICKET' : null;
  }
}

function messageTrigger(message: InboundMessageActivity, ctx: TriggerContext): Trigger | null {
  // After-hours replies exist for SMS/WhatsApp only; web and app show opening hours themselves.
  const phoneChannel = message.channel === 'SMS' || message.channel === 'WHATSAPP';
  if (phoneChannel && !ctx.openAtActivityTime) return 'AFTER_HOURS_MESSAGE';
  return ctx.firstInboundMessageOfConversation ? 'FIRST_CHAT_MESSAGE' : null;
}

function ticketTrigger(ticket: TicketEventActivity, ctx: TriggerContext): Trigger | null {
  switch (ticket.type) {
    case 'CREATED': {
      const customerCreated = ticket.source === 'WEB' || ticket.source === 'MOBILE_APP';
      return customerCreated && !ctx.openAtActivityTime ? 'AFTER_HOURS_TICKET' : null;
    }
    case 'RESOLVED':
      return 'ISSUE_RESOLVED';
    case 'CLOSED':
      return 'ADVISOR_RATING_REQUESTED';
  }
}

/** A call that ended unanswered; it is logged per the ticket rules of PRODUCT.md §5. */
export function isMissedCallTrigger(trigger: Trigger | null): boolean {
  return trigger !== null && MISSED_CALL_TRIGGERS.includes(trigger);
}

/** A trigger fired by a call, whose message goes by SMS to the caller's number. */
export function isPhoneTrigger(trigger: Trigger | null): boolean {
  return trigger !== null && PHONE_TRIGGERS.includes(trigger);
}
