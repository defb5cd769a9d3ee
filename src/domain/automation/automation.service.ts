import { assertTeamIdFormat, authorizeTeam, type TeamPermission, type Viewer } from '../access';
import { composeMessage, effectiveCooldownMinutes, renderResponse, type ChatSettingsData } from '../chat-settings/chat-settings';
import { triggerSpec } from '../chat-settings/catalogue';
import type { MessageChannel } from '../chat-settings/triggers';
import { badInput } from '../errors';
import { chooseMissedCallTicket, ticketRuleForCall } from '../missed-calls/missed-call-rules';
import type { TeamRingPlans } from '../ports';
import type { CompiledSchedule } from '../ring-plans/business-hours';
import { formatAmount, formatDateTime } from '../templates/format';
import { smsInfo } from '../templates/sms';
import { activityTime, type Activity } from './activity';
import type {
  AutomationObserver,
  AutomationRepository,
  AutomationTransaction,
  MessageFeedPublisher,
  NewDecision,
  StoredOutcome,
  StoredTicket,
} from './automation-ports';
import { chooseTrigger } from './choose-trigger';
import { activityChannel, decide, messageTarget, type MessageTarget } from './decide';
import { optOutKeyword } from './opt-out';
import { placeholderValues } from './placeholder-values';
import { normalisePhone, validateActivity } from './validate-activity';

export interface AutomationOutcome extends StoredOutcome {
  readonly duplicate: boolean;
}

/** Where business hours come from: the team's compiled ring plans, cached per instance by version. */
export interface ScheduleSource {
  scheduleFor(teamId: string, knownVersion?: number, read?: () => Promise<TeamRingPlans>): Promise<CompiledSchedule>;
}

const MINUTE_MS = 60_000;

/**
 * Turns one reported activity into at most one decision (PRODUCT.md §2, §5, §6): validates it,
 * then in one transaction under the team's lock checks idempotency, chooses the trigger, applies
 * suppression, renders the message, logs missed calls and tickets, and records the outcome.
 */
export class AutomationService {
  constructor(
    private readonly repo: AutomationRepository,
    private readonly schedules: ScheduleSource,
    private readonly feed: MessageFeedPublisher,
    private readonly observer: AutomationObserver,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(viewer: Viewer | null, input: Activity): Promise<AutomationOutcome> {
    const permission: TeamPermission = input.kind === 'ADVISOR_ACTION' ? 'ADVISE' : 'RECORD_ACTIVITY';
    authorizeTeam(viewer, input.teamId, permission);
    const activity = validateActivity(input, this.now());
    const started = process.hrtime.bigint();
    const outcome = await this.repo.inTeamTransaction(activity.teamId, (tx) => this.process(tx, activity));
    // only DISPATCHED rows go on the feed; the publisher is told after the commit, never inside it
    if (!outcome.duplicate && outcome.message?.decision === 'DISPATCHED') this.feed.committed(activity.teamId, outcome.message.position);
    this.observer.decided({
      kind: activity.kind,
      teamId: activity.teamId,
      outcome,
      duplicate: outcome.duplicate,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      recipient: outcome.message?.recipient,
    });
    return outcome;
  }

  /** A recipient reported opted out (or back in) by another system. */
  async recordOptOut(
    viewer: Viewer | null,
    input: { teamId: string; phone: string; channel: MessageChannel; optedOut?: boolean | null },
  ): Promise<boolean> {
    authorizeTeam(viewer, input.teamId, 'RECORD_ACTIVITY');
    assertTeamIdFormat(input.teamId);
    if (input.channel !== 'SMS' && input.channel !== 'WHATSAPP') {
      throw badInput('INVALID_CHANNEL', 'Opt-outs are kept per phone number on SMS or WHATSAPP', 'channel');
    }
    const phone = normalisePhone(input.phone);
    const optedOut = input.optedOut ?? true;
    await this.repo.setOptOut(input.teamId, input.channel, phone, optedOut);
    return optedOut;
  }

  private async process(tx: AutomationTransaction, activity: Activity): Promise<AutomationOutcome> {
    const { settings, ringPlansVersion, previous } = await tx.lockTeam(activity.eventId);
    if (previous) return { ...previous, duplicate: true };

    const at = activityTime(activity);
    const base = { eventId: activity.eventId, kind: activity.kind, occurredAt: activity.occurredAt };

    if (activity.kind === 'INBOUND_MESSAGE' && activity.phone && (activity.channel === 'SMS' || activity.channel === 'WHATSAPP')) {
      const keyword = optOutKeyword(activity.body);
      if (keyword) {
        await tx.setOptOut(activity.channel, activity.phone, keyword === 'OPT_OUT');
        await tx.markConversation(activity.conversationId, activity.eventId);
        return this.noTrigger(tx, base);
      }
    }
    if (activity.kind === 'TICKET_EVENT') await this.keepTicket(tx, activity);

    const schedule = await this.schedules.scheduleFor(activity.teamId, ringPlansVersion, () => tx.ringPlans());
    const open = schedule.isOpenAt(at).open;
    const first =
      activity.kind === 'INBOUND_MESSAGE' ? await tx.markConversation(activity.conversationId, activity.eventId) : false;
    const trigger = chooseTrigger(activity, { openAtActivityTime: open, firstInboundMessageOfConversation: first });

    // Tickets and missed calls are logged whether or not the message is switched on (§5).
    const { ticket, missed } =
      activity.kind === 'CALL_ENDED' && trigger
        ? await this.logCall(tx, activity, trigger, settings.data)
        : { ticket: await this.ticketOf(tx, activity), missed: null };

    if (!trigger) return this.noTrigger(tx, base, missed);

    const spec = triggerSpec(trigger);
    const response = settings.data.responses[trigger];
    const target: MessageTarget | null = messageTarget(activity, trigger);
    const cooldownMinutes = effectiveCooldownMinutes(settings.data, trigger);
    const recipient = target
      ? await tx.recipientState({ channel: target.channel, recipient: target.recipient, trigger, at, cooldownMs: cooldownMinutes * MINUTE_MS })
      : null;
    const decision = decide({
      trigger,
      triggerEnabled: response.enabled,
      triggerChannels: spec.channels,
      activityChannel: activityChannel(activity),
      target,
      optedOut: recipient?.optedOut ?? false,
      lastDispatchedAt: recipient?.nearestDispatchAt ?? null,
      cooldownMinutes,
      at,
    });

    const rendered = this.render(activity, trigger, settings.data, ticket, open ? null : schedule.nextOpening(at));
    const suppressionReason = decision.decision === 'SUPPRESSED' ? decision.reason : null;
    const { message, missedCall } = await tx.recordDecision({
      ...base,
      trigger,
      decision: decision.decision,
      suppressionReason,
      message: {
        teamId: activity.teamId,
        eventId: activity.eventId,
        trigger,
        decision: decision.decision,
        suppressionReason,
        channel: target?.channel ?? fallbackChannel(activity),
        recipient: target?.recipient ?? '',
        body: rendered.text,
        locale: rendered.locale,
        segments: smsInfo(rendered.text).segments,
        ticketId: ticket?.id ?? null,
        activityAt: at,
      },
      missedCall: missed,
    });
    return { eventId: activity.eventId, trigger, decision: decision.decision, suppressionReason, message, missedCall, duplicate: false };
  }

  /**
   * §5 for a call that selected a trigger: a voicemail opens a VM ticket; a missed call goes to the
   * ticket the rules choose (RLA, a new MC ticket, the latest open one, or none) and is logged.
   */
  private async logCall(
    tx: AutomationTransaction,
    call: Extract<Activity, { kind: 'CALL_ENDED' }>,
    trigger: NonNullable<StoredOutcome['trigger']>,
    settings: ChatSettingsData,
  ): Promise<{ ticket: StoredTicket | null; missed: NewDecision['missedCall'] }> {
    const rule = ticketRuleForCall(trigger);
    if (rule.kind === 'VOICEMAIL_TICKET') {
      return { ticket: await tx.createTicket('VM', 'VOICEMAIL', call.phone, call.occurredAt), missed: null };
    }
    if (rule.kind !== 'MISSED_CALL_RULES') return { ticket: await this.ticketOf(tx, call), missed: null };
    const choice = chooseMissedCallTicket({
      ringLastAdvisor: settings.ringLastAdvisor,
      createMissedCallTickets: settings.createMissedCallTickets,
      openTickets: await tx.openTicketsByPhone(call.phone),
      at: call.occurredAt,
    });
    const ticket =
      choice.action === 'CREATE_TICKET'
        ? await tx.createTicket('MC', 'MISSED_CALL', call.phone, call.occurredAt)
        : choice.action === 'LOG_ON_EXISTING'
          ? await tx.findTicket(choice.ticketId)
          : null;
    return {
      ticket,
      missed: {
        teamId: call.teamId,
        callId: call.callId,
        eventId: call.eventId,
        phone: call.phone,
        occurredAt: call.occurredAt,
        trigger,
        ticketId: ticket?.id ?? null,
        ticketCreated: choice.action === 'CREATE_TICKET',
        ticketRule: choice.action === 'LOG_ON_EXISTING' ? choice.rule : choice.action === 'CREATE_TICKET' ? 'MISSED_CALL_TICKET' : 'NO_TICKET',
      },
    };
  }

  /** The message in the customer's (else the team's) language, every placeholder filled that can be. */
  private render(
    activity: Activity,
    trigger: NonNullable<StoredOutcome['trigger']>,
    settings: ChatSettingsData,
    ticket: StoredTicket | null,
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

  private async noTrigger(
    tx: AutomationTransaction,
    base: { eventId: string; kind: string; occurredAt: Date },
    missed: NewDecision['missedCall'] = null,
  ): Promise<AutomationOutcome> {
    const { missedCall } = await tx.recordDecision({
      ...base,
      trigger: null,
      decision: 'NO_TRIGGER',
      suppressionReason: null,
      message: null,
      missedCall: missed,
    });
    return { eventId: base.eventId, trigger: null, decision: 'NO_TRIGGER', suppressionReason: null, message: null, missedCall, duplicate: false };
  }

  /** Ticket activities keep the open/closed state that missed-call matching relies on. */
  private async keepTicket(tx: AutomationTransaction, activity: Extract<Activity, { kind: 'TICKET_EVENT' }>): Promise<void> {
    const existing = await tx.findTicket(activity.ticketId);
    await tx.upsertTicket({
      id: activity.ticketId,
      number: activity.number,
      status: activity.type === 'CREATED' ? 'OPEN' : activity.type,
      source: existing?.source ?? activity.source,
      phone: activity.phone ?? existing?.phone ?? null,
      conversationId: activity.conversationId ?? existing?.conversationId ?? null,
      openedAt: existing?.openedAt ?? activity.occurredAt,
    });
  }

  /** The ticket an activity names, as this service knows it (null when unknown or none). */
  private async ticketOf(tx: AutomationTransaction, activity: Activity): Promise<StoredTicket | null> {
    const id = activity.kind === 'TICKET_EVENT' ? activity.ticketId : 'ticketId' in activity ? activity.ticketId : undefined;
    if (!id) return null;
    const known = await tx.findTicket(id);
    if (known) return known;
    // a call names a ticket kept elsewhere that we have not heard of: keep it, so the message links to it
    if (activity.kind === 'CALL_ENDED' && activity.ticketNumber) {
      return tx.upsertTicket({ id, number: activity.ticketNumber, status: 'OPEN', source: 'PHONE', phone: activity.phone, conversationId: null, openedAt: activity.startedAt });
    }
    return null;
  }
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

