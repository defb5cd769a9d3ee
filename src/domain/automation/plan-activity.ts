import { composeMessage, effectiveCooldownMinutes, renderResponse } from '../chat-settings/effective-response';
import type { ChatSettingsData } from '../chat-settings/settings-model';
import { triggerSpec } from '../chat-settings/catalogue';
import type { MessageChannel, Trigger } from '../chat-settings/triggers';
import { chooseMissedCallTicket, ticketNumber, ticketRuleForCall } from '../missed-calls/missed-call-rules';
import type { CompiledSchedule } from '../ring-plans/business-hours';
import { formatAmount, formatDateTime } from '../templates/format';
import { smsInfo } from '../templates/sms';
import { activityTime, type Activity, type CallEndedActivity, type TicketSource } from './activity';
import { isOptedOut, namedTicketId, nearestDispatch, type ActivityFacts } from './activity-facts';
import type { NewMessage, NewMissedCall, StoredTicket } from './automation-ports';
import { chooseTrigger } from './choose-trigger';
import {
  activityChannel,
  decideWithChecks,
  messageTarget,
  type AutomationDecision,
  type SuppressionReason,
} from './decide';
import type { DecisionStep } from './decision-steps';
import { optOutKeyword } from './opt-out';
import { placeholderValues } from './placeholder-values';

const MINUTE_MS = 60_000;

/** A ticket as the plan writes it: kept in step with the ticketing service, or created here. */
export type PlannedTicket = Omit<StoredTicket, 'teamId' | 'publicId'>;

/**
 * Everything one activity writes, decided on a snapshot of facts (PRODUCT.md §2, §5, §6). Applying
 * it is all or nothing, and only if the team had no other write since the snapshot.
 */
export interface ActivityPlan {
  readonly teamId: string;
  readonly eventId: string;
  readonly kind: Activity['kind'];
  readonly occurredAt: Date;
  readonly trigger: Trigger | null;
  readonly decision: AutomationDecision;
  readonly suppressionReason: SuppressionReason | null;
  /** STOP/START on SMS or WhatsApp. */
  readonly optOut: { channel: MessageChannel; recipient: string; optedOut: boolean } | null;
  /** The first inbound message of a conversation marks it as seen. */
  readonly markConversation: string | null;
  /** A ticket to insert or update: reported by the ticketing service, named by a call, or created here. */
  readonly ticket: { write: 'UPSERT' | 'CREATE'; ticket: PlannedTicket } | null;
  /** Ticket sequence numbers this plan takes (gap-free per team). */
  readonly takes: { missedCallTicket: boolean; voicemailTicket: boolean };
  /** The dispatch-log row (its position is the team's next one). */
  readonly message: NewMessage | null;
  readonly missedCall: Omit<NewMissedCall, 'messageId'> | null;
  /** How it was decided, step by step (a dry run explains them). */
  readonly steps: readonly DecisionStep[];
}

/** Ids a plan may need for rows it creates; passed in so planning stays a pure function. */
export interface PlanIds {
  readonly newTicketId: string;
}

/** The one function that decides an activity, for the real thing and for a dry run alike. */
export function planActivity(
  activity: Activity,
  facts: ActivityFacts,
  schedule: CompiledSchedule,
  ids: PlanIds,
): ActivityPlan {
  const base = nothingWritten(activity);
  const keyword = optOutCommand(activity);
  if (keyword) return { ...base, ...keyword, steps: [keyword.step, NO_TRIGGER_STEP] };

  const steps: DecisionStep[] = [];
  const at = activityTime(activity);
  const hours = businessHoursAt(schedule, at);
  steps.push(hours);
  const firstInbound = activity.kind === 'INBOUND_MESSAGE' && !facts.conversationSeen;
  if (activity.kind === 'INBOUND_MESSAGE') steps.push({ step: 'CONVERSATION', first: firstInbound });
  const markConversation = firstInbound ? activity.conversationId : null;
  const trigger = chooseTrigger(activity, {
    openAtActivityTime: hours.open,
    firstInboundMessageOfConversation: firstInbound,
  });
  steps.push({ step: 'TRIGGER', trigger });

  // Tickets and missed calls are logged whether or not the message is switched on (§5).
  const tickets = ticketsFor(activity, trigger, facts, facts.team.settings.data, ids);
  if (tickets.rule) {
    const created = tickets.writes.ticket?.write === 'CREATE';
    steps.push({ step: 'TICKET', rule: tickets.rule, ticketNumber: tickets.ticket?.number ?? null, created });
  }
  if (!trigger)
    return { ...base, ...NO_TRIGGER, markConversation, ...tickets.writes, steps: [...steps, NO_TRIGGER_STEP] };

  const { message, checks } = decideMessage(activity, trigger, facts, tickets.ticket, hours.nextOpeningAt);
  for (const check of checks) steps.push({ step: 'CHECK', trigger, ...check });
  steps.push({
    step: 'DECISION',
    decision: message.decision,
    reason: message.suppressionReason,
    channel: message.channel,
  });
  return {
    ...base,
    ...tickets.writes,
    markConversation,
    trigger,
    decision: message.decision,
    suppressionReason: message.suppressionReason,
    message,
    steps,
  };
}

const NO_TRIGGER = { trigger: null, decision: 'NO_TRIGGER', suppressionReason: null } as const;
const NO_TRIGGER_STEP: DecisionStep = { step: 'DECISION', decision: 'NO_TRIGGER', reason: null, channel: null };

/** The plan's identity, with nothing to write yet. */
function nothingWritten(activity: Activity) {
  return {
    teamId: activity.teamId,
    eventId: activity.eventId,
    kind: activity.kind,
    occurredAt: activity.occurredAt,
    optOut: null,
    markConversation: null,
    ticket: null,
    takes: { missedCallTicket: false, voicemailTicket: false },
    message: null,
    missedCall: null,
  } satisfies Partial<ActivityPlan>;
}

/** STOP/START on SMS or WhatsApp: the opt-out is recorded, the conversation marked, nothing sent. */
function optOutCommand(activity: Activity) {
  if (
    activity.kind !== 'INBOUND_MESSAGE' ||
    !activity.phone ||
    (activity.channel !== 'SMS' && activity.channel !== 'WHATSAPP')
  )
    return null;
  const command = optOutKeyword(activity.body);
  if (!command) return null;
  return {
    ...NO_TRIGGER,
    optOut: { channel: activity.channel, recipient: activity.phone, optedOut: command === 'OPT_OUT' },
    markConversation: activity.conversationId,
    step: { step: 'OPT_OUT_KEYWORD', command, channel: activity.channel } satisfies DecisionStep,
  };
}

/** Whether a ring plan is active at the activity's time (§2, §4), and when the team opens next if not. */
function businessHoursAt(schedule: CompiledSchedule, at: Date): Extract<DecisionStep, { step: 'BUSINESS_HOURS' }> {
  const hours = schedule.isOpenAt(at);
  return {
    step: 'BUSINESS_HOURS',
    at,
    open: hours.open,
    plan: hours.plan ? { name: hours.plan.name, kind: hours.plan.kind } : null,
    nextOpeningAt: hours.open ? null : schedule.nextOpening(at),
  };
}

/** Dispatch or suppress the trigger's message (decide()), rendered either way, with the checks made. */
function decideMessage(
  activity: Activity,
  trigger: Trigger,
  facts: ActivityFacts,
  ticket: PlannedTicket | null,
  nextOpeningAt: Date | null,
) {
  const settings = facts.team.settings.data;
  const at = activityTime(activity);
  const target = messageTarget(activity, trigger);
  const cooldownMinutes = effectiveCooldownMinutes(settings, trigger);
  const { decision, checks } = decideWithChecks({
    trigger,
    triggerEnabled: settings.responses[trigger].enabled,
    triggerChannels: triggerSpec(trigger).channels,
    activityChannel: activityChannel(activity),
    target,
    optedOut: target ? isOptedOut(facts, target.channel, target.recipient) : false,
    lastDispatchedAt: target
      ? nearestDispatch(facts, trigger, target.recipient, at, cooldownMinutes * MINUTE_MS)
      : null,
    cooldownMinutes,
    at,
  });
  const rendered = render(activity, trigger, settings, ticket, nextOpeningAt);
  const message: NewMessage = {
    teamId: activity.teamId,
    eventId: activity.eventId,
    trigger,
    decision: decision.decision,
    suppressionReason: decision.decision === 'SUPPRESSED' ? decision.reason : null,
    channel: target?.channel ?? fallbackChannel(activity),
    recipient: target?.recipient ?? '',
    body: rendered.text,
    locale: rendered.locale,
    segments: smsInfo(rendered.text).segments,
    ticketId: ticket?.id ?? null,
    activityAt: at,
  };
  return { message, checks };
}

interface TicketOutcome {
  /** The ticket the message links to and renders `{{ticketNumber}}` from. */
  readonly ticket: PlannedTicket | null;
  /** Which §5 rule placed a call (VOICEMAIL_TICKET, RING_LAST_ADVISOR, MISSED_CALL_TICKET, …); null for other activities. */
  readonly rule: string | null;
  readonly writes: Pick<ActivityPlan, 'ticket' | 'takes' | 'missedCall'>;
}

const NO_TICKET_WRITES: TicketOutcome['writes'] = {
  ticket: null,
  takes: { missedCallTicket: false, voicemailTicket: false },
  missedCall: null,
};

/**
 * §5: ticket events keep the ticket's state; a voicemail opens a VM ticket; a missed call goes to
 * the ticket the rules choose (RLA, a new MC ticket, the latest open one, or none) and is logged;
 * anything else links to the ticket the activity names.
 */
function ticketsFor(
  activity: Activity,
  trigger: Trigger | null,
  facts: ActivityFacts,
  settings: ChatSettingsData,
  ids: PlanIds,
): TicketOutcome {
  if (activity.kind === 'TICKET_EVENT') {
    const existing = facts.namedTicket;
    const ticket: PlannedTicket = {
      id: activity.ticketId,
      number: activity.number,
      status: activity.type === 'CREATED' ? 'OPEN' : activity.type,
      source: existing?.source ?? activity.source,
      phone: activity.phone ?? existing?.phone ?? null,
      conversationId: activity.conversationId ?? existing?.conversationId ?? null,
      openedAt: existing?.openedAt ?? activity.occurredAt,
      createdHere: existing?.createdHere ?? false,
    };
    return { ticket, rule: null, writes: { ...NO_TICKET_WRITES, ticket: { write: 'UPSERT', ticket } } };
  }
  if (activity.kind === 'CALL_ENDED') {
    const rule = ticketRuleForCall(trigger);
    if (rule.kind === 'VOICEMAIL_TICKET') {
      const ticket = newTicket(
        activity,
        ids,
        rule.source,
        ticketNumber(rule.prefix, facts.team.voicemailTicketSeq + 1),
      );
      return {
        ticket,
        rule: rule.kind,
        writes: {
          ...NO_TICKET_WRITES,
          ticket: { write: 'CREATE', ticket },
          takes: { missedCallTicket: false, voicemailTicket: true },
        },
      };
    }
    if (rule.kind === 'MISSED_CALL_RULES' && trigger)
      return missedCallTickets(activity, trigger, rule.prefix, rule.source, facts, settings, ids);
  }
  return namedTicket(activity, facts);
}

function missedCallTickets(
  call: CallEndedActivity,
  trigger: Trigger,
  prefix: 'MC',
  source: TicketSource,
  facts: ActivityFacts,
  settings: ChatSettingsData,
  ids: PlanIds,
): TicketOutcome {
  const choice = chooseMissedCallTicket({
    ringLastAdvisor: settings.ringLastAdvisor,
    createMissedCallTickets: settings.createMissedCallTickets,
    openTickets: facts.openTickets,
    at: call.occurredAt,
  });
  const created =
    choice.action === 'CREATE_TICKET'
      ? newTicket(call, ids, source, ticketNumber(prefix, facts.team.missedCallTicketSeq + 1))
      : null;
  const ticket =
    created ??
    (choice.action === 'LOG_ON_EXISTING' ? (facts.openTickets.find((t) => t.id === choice.ticketId) ?? null) : null);
  const rule = choice.action === 'LOG_ON_EXISTING' ? choice.rule : created ? 'MISSED_CALL_TICKET' : 'NO_TICKET';
  return {
    ticket,
    rule,
    writes: {
      ticket: created ? { write: 'CREATE', ticket: created } : null,
      takes: { missedCallTicket: created !== null, voicemailTicket: false },
      missedCall: {
        teamId: call.teamId,
        callId: call.callId,
        eventId: call.eventId,
        phone: call.phone,
        occurredAt: call.occurredAt,
        trigger,
        ticketId: ticket?.id ?? null,
        ticketCreated: created !== null,
        ticketRule: rule,
      },
    },
  };
}

/** The ticket an activity names, as this service knows it; a call naming one we never heard of keeps it. */
function namedTicket(activity: Activity, facts: ActivityFacts): TicketOutcome {
  const id = namedTicketId(activity);
  if (!id) return { ticket: null, rule: null, writes: NO_TICKET_WRITES };
  if (facts.namedTicket) return { ticket: facts.namedTicket, rule: null, writes: NO_TICKET_WRITES };
  if (activity.kind === 'CALL_ENDED' && activity.ticketNumber) {
    const ticket: PlannedTicket = {
      id,
      number: activity.ticketNumber,
      status: 'OPEN',
      source: 'PHONE',
      phone: activity.phone,
      conversationId: null,
      openedAt: activity.startedAt,
      createdHere: false,
    };
    return { ticket, rule: null, writes: { ...NO_TICKET_WRITES, ticket: { write: 'UPSERT', ticket } } };
  }
  return { ticket: null, rule: null, writes: NO_TICKET_WRITES };
}

function newTicket(call: CallEndedActivity, ids: PlanIds, source: TicketSource, number: string): PlannedTicket {
  return {
    id: ids.newTicketId,
    number,
    status: 'OPEN',
    source,
    phone: call.phone,
    conversationId: null,
    openedAt: call.occurredAt,
    createdHere: true,
  };
}

/** The message in the customer's (else the team's) language, every placeholder filled that can be. */
function render(
  activity: Activity,
  trigger: Trigger,
  settings: ChatSettingsData,
  ticket: PlannedTicket | null,
  nextOpeningAt: Date | null,
) {
  const locale = composeMessage(settings, trigger, activity.locale).locale;
  const values = placeholderValues({
    activity,
    trigger,
    ticketNumber: ticket?.number,
    voiceHubUrl: settings.voiceHubUrl ?? undefined,
    amount:
      activity.kind === 'ADVISOR_ACTION' && activity.amount !== undefined && activity.currency
        ? formatAmount(activity.amount, activity.currency, localeTag(locale, activity.locale))
        : undefined,
    nextOpeningTime: nextOpeningAt ? formatDateTime(nextOpeningAt, settings.timeZone, locale) : undefined,
  });
  return renderResponse(settings, trigger, { ...values }, activity.locale);
}

/** The channel a suppressed message would have used when it had no recipient. */
function fallbackChannel(activity: Activity): MessageChannel {
  const channel = activityChannel(activity);
  return channel === 'PHONE' ? 'SMS' : channel;
}

/** Amounts follow the customer's regional format when it is of the message's language (de-AT), else the language's. */
function localeTag(language: string, customerLocale: string | undefined): string {
  return customerLocale && customerLocale.toLowerCase().startsWith(language) ? customerLocale : language;
}
