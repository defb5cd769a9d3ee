import { randomUUID } from 'node:crypto';
import { assertTeamIdFormat, authorizeTeam, type TeamPermission, type Viewer } from '../access';
import type { MessageChannel } from '../chat-settings/triggers';
import { badInput, DomainError, unavailable } from '../errors';
import type { CompiledSchedule } from '../ring-plans/business-hours';
import { activityTime, type Activity } from './activity';
import { evaluate, type BusinessHoursStatus } from '../ring-plans/ring-plan.service';
import { factsQuery, type ActivityFacts } from './activity-facts';
import type { AutomationRepository } from './activity-repository';
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

/** How often a plan is read and decided again when another instance wrote the team in between. */
const MAX_ATTEMPTS = 8;

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
    const outcome = await this.queue.run(activity.teamId, () => this.process(activity)).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === 'TEAM_BUSY') this.observer.busy(activity.teamId);
      throw err;
    });
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
    return { plan, businessHours: evaluate(schedule, activityTime(activity)), timeZone: settings.timeZone, locale: settings.defaultLocale };
  }

  /** Facts → plan → apply; again from fresh facts when another instance wrote the team in between. */
  private async process(activity: Activity): Promise<AutomationOutcome> {
    const query = factsQuery(activity);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const facts = await this.repo.readFacts(query);
      if (facts.previous) return { ...facts.previous, duplicate: true };
      const plan = await this.plan(activity, facts);
      const written = await this.repo.apply(plan, facts.team);
      if (written) return outcomeOf(plan, written);
      this.observer.conflicted(activity.teamId);
    }
    throw unavailable('TEAM_BUSY', `Team ${activity.teamId} is being written by other instances; retry with the same eventId`, 1000);
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
