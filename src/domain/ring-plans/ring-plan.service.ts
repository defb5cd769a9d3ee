import { assertTeamIdFormat, authorizeTeam, type Viewer } from '../access';
import { notFound, unauthenticated } from '../errors';
import type { Loader } from '../loader';
import type { RingPlanFields, RingPlanRepository, StoredRingPlan, TeamRingPlans } from '../ports';
import { compileSchedule, type BusinessHours, type CompiledSchedule } from './business-hours';
import { ringPlansToICalendar } from './icalendar';
import type { DayOfWeek, RingPlanKind } from './ring-plan';
import { TeamCache } from '../team-cache';
import { assertRingPlanCapacity, validateRingPlan } from './validate-ring-plan';

export interface OpeningWindowCommand {
  day: DayOfWeek;
  opens: string;
  closes: string;
}

export interface CreateRingPlanCommand {
  teamId: string;
  name: string;
  timeZone: string;
  /** Default true. */
  enabled?: boolean | null;
  /** Default OPEN. */
  kind?: RingPlanKind | null;
  validFrom?: string | null;
  validUntil?: string | null;
  windows: readonly OpeningWindowCommand[];
}

/**
 * A partial change. Absent (undefined) leaves a field as it is; null clears validFrom/validUntil
 * and, for fields that cannot be empty, also leaves them as they are.
 */
export interface UpdateRingPlanCommand {
  id: string;
  name?: string | null;
  timeZone?: string | null;
  enabled?: boolean | null;
  kind?: RingPlanKind | null;
  validFrom?: string | null;
  validUntil?: string | null;
  windows?: readonly OpeningWindowCommand[] | null;
}

export interface BusinessHoursStatus extends BusinessHours {
  at: Date;
  /** The winning plan (OPEN or CLOSED); null when none covers `at`. */
  plan: StoredRingPlan | null;
}

/** A team's plans as one instance keeps them, with their schedule once something evaluated it. */
export interface CachedRingPlans {
  readonly version: number;
  readonly team: TeamRingPlans;
  readonly schedule?: CompiledSchedule;
}

/**
 * Ring plans of a team (PRODUCT.md §4): who may read and change them, validation and the 25-plan
 * limit, and the compiled schedule that answers "is the team open?" without a query per activity.
 */
export class RingPlanService {
  /** A team that never had a plan: always open. */
  private readonly alwaysOpen = compileSchedule([]);

  constructor(
    private readonly repo: RingPlanRepository,
    /** Plans and schedules per team and ringPlansVersion (see TeamCache); the composition root passes one driven by the bus. */
    readonly cache = new TeamCache<CachedRingPlans>({ max: 10_000, trusted: true }),
  ) {}

  /** The team's plans through the request's loader (one batched read for every team asked). */
  async ofTeam(viewer: Viewer | null, loader: Loader<string, TeamRingPlans>, teamId: string): Promise<TeamRingPlans> {
    authorizeTeam(viewer, teamId, 'READ');
    return loader.load(teamId);
  }

  /** Whether the team is open at `at`, the winning plan and when that changes. */
  async businessHours(
    viewer: Viewer | null,
    loader: Loader<string, TeamRingPlans>,
    teamId: string,
    at: Date,
  ): Promise<BusinessHoursStatus> {
    authorizeTeam(viewer, teamId, 'READ');
    return this.businessHoursOf(await loader.load(teamId), at);
  }

  /** The enabled plans as an .ics document. */
  async iCalendar(viewer: Viewer | null, loader: Loader<string, TeamRingPlans>, teamId: string): Promise<string> {
    authorizeTeam(viewer, teamId, 'READ');
    return this.iCalendarOf(await loader.load(teamId));
  }

  /** The batch behind the per-request loader the reads above go through, from memory, one query for the teams not held; no access check of its own. */
  async loadMany(teamIds: readonly string[]): Promise<TeamRingPlans[]> {
    const found = teamIds.map((id) => this.cache.get(id)?.team);
    const missing = teamIds.filter((_, i) => found[i] === undefined);
    if (missing.length === 0) return found as TeamRingPlans[];
    const epoch = this.cache.epoch;
    const byTeam = await this.repo.listByTeams(missing);
    for (const team of byTeam.values()) this.cache.store(team.teamId, { version: team.version, team }, epoch);
    return teamIds.map((teamId, i) => found[i] ?? byTeam.get(teamId)!);
  }

  async create(viewer: Viewer | null, command: CreateRingPlanCommand): Promise<StoredRingPlan> {
    this.authorize(viewer, command.teamId, 'ADMINISTER');
    const valid = validateRingPlan({
      name: command.name,
      timeZone: command.timeZone,
      enabled: command.enabled ?? true,
      kind: command.kind ?? 'OPEN',
      validFrom: command.validFrom ?? null,
      validUntil: command.validUntil ?? null,
      windows: command.windows.map(copyWindow),
    });
    return this.forgettingAfter(command.teamId, this.repo.create(command.teamId, valid, assertRingPlanCapacity));
  }

  async update(viewer: Viewer | null, command: UpdateRingPlanCommand): Promise<StoredRingPlan> {
    const existing = await this.findForAdmin(viewer, command.id);
    const updated = await this.forgettingAfter(
      existing.teamId,
      this.repo.update(command.id, (current) =>
        // merged onto the locked row, so validFrom ≤ validUntil holds against what is stored now
        validateRingPlan<RingPlanFields>({
          name: command.name ?? current.name,
          timeZone: command.timeZone ?? current.timeZone,
          enabled: command.enabled ?? current.enabled,
          kind: command.kind ?? current.kind,
          validFrom: command.validFrom === undefined ? current.validFrom : command.validFrom,
          validUntil: command.validUntil === undefined ? current.validUntil : command.validUntil,
          windows: (command.windows ?? current.windows).map(copyWindow),
        }),
      ),
    );
    if (!updated) throw ringPlanNotFound();
    return updated;
  }

  /** Returns the id of the deleted plan. */
  async delete(viewer: Viewer | null, id: string): Promise<string> {
    const existing = await this.findForAdmin(viewer, id);
    const teamId = await this.forgettingAfter(existing.teamId, this.repo.delete(id));
    if (teamId === null) throw ringPlanNotFound();
    return id;
  }

  /** Whether the team is open at `at`, the winning plan and when that changes, from plans already read and authorized. */
  businessHoursOf(team: TeamRingPlans, at: Date = new Date()): BusinessHoursStatus {
    return evaluate(this.compiled(team), at);
  }

  /** The .ics document from plans already read and authorized. */
  iCalendarOf(team: TeamRingPlans, now?: Date): string {
    return ringPlansToICalendar(team.plans, { teamId: team.teamId, now });
  }

  /**
   * The team's compiled schedule, for the automation engine. With `knownVersion` (read from the
   * team row the caller holds locked) a cached schedule of that version is returned without any
   * query; otherwise the plans are read, and compiled only when their version is new to this instance.
   *
   * A caller inside a transaction should pass `read` (the team's plans through its own
   * connection): the default reads through the pool, and a caller holding the team lock while
   * pool-size others wait for it would wait for a free connection that never comes.
   */
  async scheduleFor(
    teamId: string,
    knownVersion?: number,
    read: () => Promise<TeamRingPlans> = () => this.repo.listByTeam(teamId),
  ): Promise<CompiledSchedule> {
    if (knownVersion !== undefined) {
      const cached = this.cache.getAt(teamId, knownVersion);
      if (cached) return this.compiled(cached.team);
      // Every plan change bumps the version, so version 0 is a team that never had a plan: always open.
      if (knownVersion === 0) return this.alwaysOpen;
    }
    const epoch = this.cache.epoch;
    const team = await read();
    this.cache.store(teamId, { version: team.version, team }, epoch);
    return this.compiled(team);
  }

  /** Compiles a version once per instance; attaches it to the cached plans of that version when they are held. */
  private compiled(team: TeamRingPlans): CompiledSchedule {
    const cached = this.cache.getAt(team.teamId, team.version);
    if (cached?.schedule) return cached.schedule;
    if (team.version === 0 && team.plans.length === 0) return this.alwaysOpen;
    const schedule = compileSchedule(team.plans);
    if (cached) this.cache.refine(team.teamId, { ...cached, schedule });
    return schedule;
  }

  private async forgettingAfter<T>(teamId: string, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.cache.wrote(teamId);
    }
  }

  /** Changes go by plan id: the plan's team decides, and another team's plan is FORBIDDEN. */
  private async findForAdmin(viewer: Viewer | null, id: string): Promise<StoredRingPlan> {
    if (!viewer) throw unauthenticated();
    const plan = await this.repo.findById(id);
    if (!plan) throw ringPlanNotFound();
    authorizeTeam(viewer, plan.teamId, 'ADMINISTER');
    return plan;
  }

  private authorize(viewer: Viewer | null, teamId: string, permission: 'READ' | 'ADMINISTER'): void {
    assertTeamIdFormat(teamId);
    authorizeTeam(viewer, teamId, permission);
  }
}

/** Business hours at `at` from a compiled schedule of stored plans. */
export function evaluate(schedule: CompiledSchedule, at: Date): BusinessHoursStatus {
  const hours = schedule.businessHoursAt(at);
  // compileSchedule hands back the plan objects it was given, which are stored plans
  return { ...hours, at, plan: hours.plan as StoredRingPlan | null };
}

/** A plain copy: inputs may be framework class instances, and stored JSON must hold only these keys. */
function copyWindow(window: OpeningWindowCommand): OpeningWindowCommand {
  return { day: window.day, opens: window.opens, closes: window.closes };
}

function ringPlanNotFound() {
  return notFound('RING_PLAN_NOT_FOUND', 'There is no ring plan with this id');
}
