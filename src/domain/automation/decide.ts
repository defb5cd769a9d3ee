import type { ContactChannel, MessageChannel, Trigger } from '../chat-settings/triggers';
import type { Activity, TicketSource } from './activity';
import { isPhoneTrigger } from './choose-trigger';

export const AUTOMATION_DECISIONS = ['DISPATCHED', 'SUPPRESSED', 'NO_TRIGGER'] as const;
export type AutomationDecision = (typeof AUTOMATION_DECISIONS)[number];

export const SUPPRESSION_REASONS = [
  'DISABLED',
  'COOLDOWN',
  'OPTED_OUT',
  'CHANNEL_NOT_SUPPORTED',
  'NO_RECIPIENT',
] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Where a message goes: a phone number (SMS, WhatsApp) or a conversationId (web, app). */
export interface MessageTarget {
  channel: MessageChannel;
  recipient: string;
}

export type Decision = { decision: 'DISPATCHED' } | { decision: 'SUPPRESSED'; reason: SuppressionReason };

export interface DecideInput {
  trigger: Trigger;
  triggerEnabled: boolean;
  /** The trigger's channels from the catalogue. */
  triggerChannels: readonly ContactChannel[];
  /** activityChannel(activity): PHONE for calls. */
  activityChannel: ContactChannel;
  target: MessageTarget | null;
  /** Whether target.recipient opted out on target.channel; ignored without a target. */
  optedOut: boolean;
  /** The last dispatch of the same trigger to the same recipient, if any. */
  lastDispatchedAt: Date | null;
  cooldownMinutes: number;
  /** activityTime(activity). */
  at: Date;
}

/** Tickets from a call reach the customer by SMS; tickets from a chat channel on that channel. */
const TICKET_SOURCE_CHANNELS = {
  PHONE: 'PHONE',
  MISSED_CALL: 'PHONE',
  VOICEMAIL: 'PHONE',
  SMS: 'SMS',
  WHATSAPP: 'WHATSAPP',
  WEB: 'WEB',
  MOBILE_APP: 'MOBILE_APP',
} as const satisfies Record<TicketSource, ContactChannel>;

/**
 * The channel the activity happened on, checked against the trigger's channels. A ticket event's
 * explicit channel (where to answer) wins over the channel its ticket was created on.
 */
export function activityChannel(activity: Activity): ContactChannel {
  switch (activity.kind) {
    case 'CALL_ENDED':
      return 'PHONE';
    case 'INBOUND_MESSAGE':
    case 'ADVISOR_ACTION':
      return activity.channel;
    case 'TICKET_EVENT':
      return activity.channel ?? TICKET_SOURCE_CHANNELS[activity.source];
  }
}

/**
 * Where the message for `trigger` goes (PRODUCT.md §2): phone triggers by SMS to the caller,
 * everything else back on the activity's channel. Null when the address that channel needs is
 * missing, which decide() reports as NO_RECIPIENT.
 */
export function messageTarget(activity: Activity, trigger: Trigger): MessageTarget | null {
  const channel = activity.kind === 'CALL_ENDED' || isPhoneTrigger(trigger) ? 'PHONE' : activityChannel(activity);
  const phone = activity.phone;
  const conversationId = activity.kind === 'CALL_ENDED' ? undefined : activity.conversationId;
  switch (channel) {
    case 'PHONE':
      return phone ? { channel: 'SMS', recipient: phone } : null;
    case 'SMS':
    case 'WHATSAPP':
      return phone ? { channel, recipient: phone } : null;
    case 'WEB':
    case 'MOBILE_APP':
      return conversationId ? { channel, recipient: conversationId } : null;
  }
}

/**
 * Dispatch or suppress, for an activity that selected a trigger. The checks run from the most
 * static to the most situational, so the reason recorded answers "why no message?" best:
 * 1. DISABLED — the admin's switch; nothing else matters when it is off.
 * 2. CHANNEL_NOT_SUPPORTED — a property of the trigger, true for every such activity.
 * 3. NO_RECIPIENT — without an address there is nobody to be opted out or to cool down.
 * 4. OPTED_OUT — the customer's standing choice; it outranks the cooldown, which would pass.
 * 5. COOLDOWN — same trigger to the same recipient less than cooldownMinutes apart. The window is
 *    measured on activity times in both directions, so events arriving out of order still count;
 *    exactly cooldownMinutes apart dispatches; 0 (or less) never suppresses.
 */
export function decide(input: DecideInput): Decision {
  return decideWithChecks(input).decision;
}

/** One check decide() made, in its order, with what it looked at: the steps a dry run explains. */
export type DecisionCheck =
  | { check: 'ENABLED'; passed: boolean }
  | { check: 'CHANNEL'; channel: ContactChannel; supported: readonly ContactChannel[]; passed: boolean }
  | { check: 'RECIPIENT'; target: MessageTarget | null; passed: boolean }
  | { check: 'OPT_OUT'; target: MessageTarget; passed: boolean }
  | {
      check: 'COOLDOWN';
      target: MessageTarget;
      lastDispatchedAt: Date | null;
      /** How long before the activity that dispatch was (negative: after it, reported out of order). */
      minutesBefore: number | null;
      cooldownMinutes: number;
      passed: boolean;
    };

/** decide() with the checks it made up to the one that settled it. */
export function decideWithChecks(input: DecideInput): { decision: Decision; checks: DecisionCheck[] } {
  const checks: DecisionCheck[] = [];
  const settle = (passed: boolean, reason: SuppressionReason) =>
    passed ? null : { decision: suppressed(reason), checks };
  checks.push({ check: 'ENABLED', passed: input.triggerEnabled });
  const disabled = settle(input.triggerEnabled, 'DISABLED');
  if (disabled) return disabled;
  const supported = input.triggerChannels.includes(input.activityChannel);
  checks.push({
    check: 'CHANNEL',
    channel: input.activityChannel,
    supported: input.triggerChannels,
    passed: supported,
  });
  const unsupported = settle(supported, 'CHANNEL_NOT_SUPPORTED');
  if (unsupported) return unsupported;
  checks.push({ check: 'RECIPIENT', target: input.target, passed: input.target !== null });
  if (input.target === null) return { decision: suppressed('NO_RECIPIENT'), checks };
  checks.push({ check: 'OPT_OUT', target: input.target, passed: !input.optedOut });
  const optedOut = settle(!input.optedOut, 'OPTED_OUT');
  if (optedOut) return optedOut;
  const cooling = withinCooldown(input.lastDispatchedAt, input.at, input.cooldownMinutes);
  checks.push({
    check: 'COOLDOWN',
    target: input.target,
    lastDispatchedAt: input.lastDispatchedAt,
    minutesBefore: input.lastDispatchedAt ? (input.at.getTime() - input.lastDispatchedAt.getTime()) / 60_000 : null,
    cooldownMinutes: input.cooldownMinutes,
    passed: !cooling,
  });
  if (cooling) return { decision: suppressed('COOLDOWN'), checks };
  return { decision: { decision: 'DISPATCHED' }, checks };
}

function withinCooldown(last: Date | null, at: Date, cooldownMinutes: number): boolean {
  if (last === null || cooldownMinutes <= 0) return false;
  return Math.abs(at.getTime() - last.getTime()) < cooldownMinutes * 60_000;
}

const suppressed = (reason: SuppressionReason): Decision => ({ decision: 'SUPPRESSED', reason });
