import { randomUUID } from 'node:crypto';
import { assertTeamIdFormat, authorizeTeam, type TeamPermission, type Viewer } from '../access';
import type { MessageChannel } from '../chat-settings/triggers';
import { badInput, isTeamBusy } from '../errors';
import type { CompiledSchedule } from '../ring-plans/business-hours';
import { activityTime, type Activity } from './activity';
import { evaluate, type BusinessHoursStatus } from '../ring-plans/ring-plan.service';
import { factsQuery, type ActivityFacts, type FactsQuery } from './activity-facts';
import type { ActivityStore, AutomationRepository } from './activity-repository';
import type { AutomationObserver, MessageFeedPublisher, StoredOutcome } from './automation-ports';
import { planActivity, type ActivityPlan } from './plan-activity';
import type { TeamQueue } from './team-queue';
import { normalisePhone, validateActivity } from './validate-activity';

export interface AutomationOutcome extends StoredOutcome {
  readonly duplicate: boolean;
}

/** Where business hours come from: the team's compiled ring plans, cached per instance by version. */
export interface ScheduleSource {
  scheduleFor(teamId: string, knownVersion?: number): Promise<CompiledSchedule>;
}

/** A dry run's answer: the plan the real activity would apply now, with the team's hours and language. */
export interface Simulation {
  readonly plan: ActivityPlan;
  readonly businessHours: BusinessHoursStatus;
  /** The team's zone and default locale, for the explanation. */
  readonly timeZone: string;
  readonly locale: string;
}

/** The id a dry run's would-be ticket carries: it is never stored. */
const SIMULATED_TICKET_ID = 'simulated';

/**
 * Turns one reported activity into at most one decision (PRODUCT.md §2, §5, §6): validates it, then,
 * one at a time per team on this instance, reads the facts (one statement), lets the domain plan
 * everything to write, and applies the plan with a compare-and-set on the team (one statement).
 */
export class AutomationService {
  constructor(
    private readonly repo: AutomationRepository,
    private readonly schedules: ScheduleSource,
    private readonly feed: MessageFeedPublisher,
    private readonly observer: AutomationObserver,
    private readonly queue: TeamQueue,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(viewer: Viewer | null, input: Activity): Promise<AutomationOutcome> {
    const permission: TeamPermission = input.kind === 'ADVISOR_ACTION' ? 'ADVISE' : 'RECORD_ACTIVITY';
    authorizeTeam(viewer, input.teamId, permission);
    const activity = validateActivity(input, this.now());
    const started = process.hrtime.bigint();
    const outcome = await this.queue
      .run(activity.teamId, () => this.process(activity))
      .catch((err: unknown) => {
        if (isTeamBusy(err)) this.observer.busy(activity.teamId);
        throw err;
      });
    // only DISPATCHED rows go on the feed; the publisher is told after the commit, never inside it
    if (!outcome.duplicate && outcome.message?.decision === 'DISPATCHED')
      this.feed.committed(activity.teamId, outcome.message.position);
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
    await this.queue.run(input.teamId, () => this.repo.setOptOut(input.teamId, input.channel, phone, optedOut));
    return optedOut;
  }

  /**
   * "What would happen if…" (PRODUCT.md §13): the same validation, facts and planner as record(),
   * from the team's current state, and nothing written. The eventId is not looked up.
   */
  async simulate(viewer: Viewer | null, input: Activity): Promise<Simulation> {
    authorizeTeam(viewer, input.teamId, 'SIMULATE');
    const activity = validateActivity(input, this.now());
    const facts = await this.repo.readFacts(factsQuery(activity));
    const schedule = await this.schedules.scheduleFor(activity.teamId, facts.team.ringPlansVersion);
    const plan = planActivity(activity, facts, schedule, { newTicketId: SIMULATED_TICKET_ID });
    const settings = facts.team.settings.data;
    return {
      plan,
      businessHours: evaluate(schedule, activityTime(activity)),
      timeZone: settings.timeZone,
      locale: settings.defaultLocale,
    };
  }

  /**
   * Facts → plan → apply. When another instance wrote the team between the two statements, nothing
   * was written, and the activity is decided again inside a transaction holding the team's row lock,
   * where that cannot happen again: progress is certain however busy the team is elsewhere.
   */
  private async process(activity: Activity): Promise<AutomationOutcome> {
    const query = factsQuery(activity);
    const optimistic = await this.attempt(this.repo, activity, query);
    if (optimistic) return optimistic;
    this.observer.conflicted(activity.teamId);
    const locked = await this.repo.underTeamLock(activity.teamId, (store) => this.attempt(store, activity, query));
    if (!locked) throw new Error(`the write of team ${activity.teamId} conflicted although its row was locked`);
    return locked;
  }

  /** One read of the facts, the plan, one guarded write; null when the guard found another write first. */
  private async attempt(
    store: ActivityStore,
    activity: Activity,
    query: FactsQuery,
  ): Promise<AutomationOutcome | null> {
    const facts = await store.readFacts(query);
    if (facts.previous) return { ...facts.previous, duplicate: true };
    const plan = await this.plan(activity, facts);
    const written = await store.apply(plan, facts.team);
    return written && outcomeOf(plan, written);
  }

  private async plan(activity: Activity, facts: ActivityFacts): Promise<ActivityPlan> {
    const schedule = await this.schedules.scheduleFor(activity.teamId, facts.team.ringPlansVersion);
    return planActivity(activity, facts, schedule, { newTicketId: randomUUID() });
  }
}

function outcomeOf(plan: ActivityPlan, written: Pick<StoredOutcome, 'message' | 'missedCall'>): AutomationOutcome {
  return {
    eventId: plan.eventId,
    trigger: plan.trigger,
    decision: plan.decision,
    suppressionReason: plan.suppressionReason,
    message: written.message,
    missedCall: written.missedCall,
    duplicate: false,
  };
}
