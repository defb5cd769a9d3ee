import { badInput } from '../errors';
import { DAY_MS, MINUTE_MS, MINUTES_PER_DAY, parseClockTime, parseLocalDate, weekdayOfEpochDay } from './local-time';
import { DAYS_OF_WEEK, type RingPlan } from './ring-plan';
import { zoneTimeline, type ZoneTimeline } from './zone-timeline';

/**
 * Decides whether a team is inside business hours (PRODUCT.md §4) and when that changes next.
 *
 * Semantics, beyond the product text:
 * - A plan covers an instant when it is enabled, a weekly window contains the instant's local wall
 *   time in the plan's zone (windows are [opens, closes)), and the window's *opening date* is
 *   within validity. An overnight window (closes ≤ opens) belongs to the day it opens: a SUNDAY
 *   22:00–06:00 window of a plan valid until Sunday still runs until Monday 06:00, and one of a
 *   plan valid from Monday does not cover Monday 00:00–06:00. A plan without windows covers every
 *   instant of every valid local date.
 * - Newest (highest `sequence`) covering plan wins; OPEN winner = open. CLOSED winner or no
 *   covering plan = closed. An empty plan list = always open; plans that exist but are all
 *   disabled = always closed (the team did configure hours, they just never apply).
 * - DST: wall times skipped by a gap start at the next existing instant (02:30 on a spring-forward
 *   day in Berlin → 03:00 CEST); repeated wall times count once, at their first occurrence, for
 *   opens and closes alike. During a repeated hour the wall clock is taken to stand still at the
 *   end of its first pass, so a window never re-opens, never opens twice and never has negative
 *   length (see zone-timeline.ts). luxon's `DateTime.fromObject` shifts a skipped 02:30 to 03:30
 *   and is deliberately not used for this.
 * - Look-ahead for `nextChange`/`nextOpening` is 366 days from `at`; beyond it they answer null.
 */

export const LOOKAHEAD_DAYS = 366;

export interface OpenState {
  open: boolean;
  /** The winning (newest covering) plan, OPEN or CLOSED; null when no plan covers the instant. */
  plan: RingPlan | null;
}

export interface BusinessHours extends OpenState {
  /** The next instant after `at` where `open` flips; null when none within the look-ahead. */
  nextChangeAt: Date | null;
  /** The next closed → open edge after `at`; null when none within the look-ahead or always open. */
  nextOpeningAt: Date | null;
}

export interface CompiledSchedule {
  isOpenAt(at: Date): OpenState;
  nextChange(at: Date): Date | null;
  nextOpening(at: Date): Date | null;
  businessHoursAt(at: Date): BusinessHours;
}

interface CompiledPlan {
  plan: RingPlan;
  open: boolean;
  zone: number;
  validFrom: number;
  validUntil: number;
  wholeDay: boolean;
  /** Per weekday (0 = Monday): flat [start, end, …] ms-of-day ranges of windows opening that day. */
  own: number[][];
  /** Per weekday: flat ranges that spill into that day from windows opened the day before. */
  spill: number[][];
  /** Per weekday: every ms-of-day where coverage may change, midnight included; built on first scan. */
  edges: number[][] | null;
}

const ALWAYS_OPEN: OpenState = Object.freeze({ open: true, plan: null });
const NO_COVER: OpenState = Object.freeze({ open: false, plan: null });

/**
 * Compiles a team's plans once; the result answers many instants without re-reading the plans.
 * Stored plans are trusted to have passed validateRingPlan: a malformed one (unknown zone, bad
 * "HH:MM") throws a plain Error, not a DomainError, because it is our bug, not the caller's.
 */
export function compileSchedule(plans: readonly RingPlan[]): CompiledSchedule {
  return new Schedule(plans);
}

export function isOpenAt(plans: readonly RingPlan[], at: Date): OpenState {
  return compileSchedule(plans).isOpenAt(at);
}

export function nextChange(plans: readonly RingPlan[], at: Date): Date | null {
  return compileSchedule(plans).nextChange(at);
}

export function nextOpening(plans: readonly RingPlan[], at: Date): Date | null {
  return compileSchedule(plans).nextOpening(at);
}

export function businessHoursAt(plans: readonly RingPlan[], at: Date): BusinessHours {
  return compileSchedule(plans).businessHoursAt(at);
}

class Schedule implements CompiledSchedule {
  private readonly alwaysOpen: boolean;
  /** Enabled plans, newest first. */
  private readonly plans: CompiledPlan[];
  private readonly states: OpenState[];
  private readonly zones: ZoneTimeline[] = [];
  /** Per-call memo of each zone's local ms, valid while zoneStamp[i] === stamp. */
  private readonly zoneLocal: number[] = [];
  private readonly zoneStamp: number[] = [];
  private stamp = 0;
  private readonly hasOpenPlan: boolean;

  constructor(plans: readonly RingPlan[]) {
    this.alwaysOpen = plans.length === 0;
    const zoneIndex = new Map<string, number>();
    this.plans = plans
      .filter((plan) => plan.enabled)
      .sort((a, b) => b.sequence - a.sequence || b.createdAt.getTime() - a.createdAt.getTime())
      .map((plan) => {
        let zone = zoneIndex.get(plan.timeZone);
        if (zone === undefined) {
          zone = this.zones.length;
          zoneIndex.set(plan.timeZone, zone);
          this.zones.push(zoneTimeline(plan.timeZone));
          this.zoneLocal.push(0);
          this.zoneStamp.push(-1);
        }
        return compilePlan(plan, zone);
      });
    this.states = this.plans.map((compiled) => Object.freeze({ open: compiled.open, plan: compiled.plan }));
    this.hasOpenPlan = this.plans.some((compiled) => compiled.open);
  }

  isOpenAt(at: Date): OpenState {
    return this.stateAt(instantOf(at));
  }

  nextChange(at: Date): Date | null {
    return this.scan(instantOf(at), false);
  }

  nextOpening(at: Date): Date | null {
    return this.scan(instantOf(at), true);
  }

  businessHoursAt(at: Date): BusinessHours {
    const instant = instantOf(at);
    const state = this.stateAt(instant);
    const nextChangeAt = this.scan(instant, false);
    // When closed, the next change is the next opening; no second scan needed.
    const nextOpeningAt = state.open ? this.scan(instant, true) : nextChangeAt;
    return { open: state.open, plan: state.plan, nextChangeAt, nextOpeningAt };
  }

  private stateAt(instant: number): OpenState {
    if (this.alwaysOpen) return ALWAYS_OPEN;
    const stamp = ++this.stamp;
    const plans = this.plans;
    for (let i = 0; i < plans.length; i++) {
      const compiled = plans[i];
      const zone = compiled.zone;
      let local: number;
      if (this.zoneStamp[zone] === stamp) {
        local = this.zoneLocal[zone];
      } else {
        local = this.zones[zone].localMsAt(instant);
        this.zoneLocal[zone] = local;
        this.zoneStamp[zone] = stamp;
      }
      if (covers(compiled, local)) return this.states[i];
    }
    return NO_COVER;
  }

  /**
   * Walks the instants where any plan's coverage may change (window edges and local midnights, in
   * each plan's zone), day by day, and returns the first where the state flips (to open, when
   * `openingOnly`). Coverage is constant between those instants, so the answer is exact.
   */
  private scan(from: number, openingOnly: boolean): Date | null {
    if (this.alwaysOpen || !this.hasOpenPlan) return null;
    const horizon = from + LOOKAHEAD_DAYS * DAY_MS;
    let open = this.stateAt(from).open;
    for (let blockStart = from; blockStart < horizon; blockStart += DAY_MS) {
      const blockEnd = Math.min(blockStart + DAY_MS, horizon);
      if (!open && !this.mayOpenFrom(blockStart)) return null;
      for (const candidate of this.candidates(blockStart, blockEnd)) {
        const next = this.stateAt(candidate).open;
        if (next === open) continue;
        if (next || !openingOnly) return new Date(candidate);
        open = next;
      }
    }
    return null;
  }

  /** Whether any OPEN plan is still valid on or after the local day of the instant. */
  private mayOpenFrom(instant: number): boolean {
    for (const compiled of this.plans) {
      if (!compiled.open) continue;
      const day = Math.floor(this.zones[compiled.zone].localMsAt(instant) / DAY_MS);
      if (compiled.validUntil >= day - 1) return true;
    }
    return false;
  }

  /** Sorted distinct instants in (blockStart, blockEnd] where coverage may change. */
  private candidates(blockStart: number, blockEnd: number): number[] {
    const result: number[] = [];
    for (let zone = 0; zone < this.zones.length; zone++) {
      const timeline = this.zones[zone];
      const firstDay = Math.floor(timeline.localMsAt(blockStart) / DAY_MS);
      const lastDay = Math.floor(timeline.localMsAt(blockEnd) / DAY_MS);
      for (let day = firstDay; day <= lastDay; day++) {
        const weekday = weekdayOfEpochDay(day);
        const localEdges: number[] = [];
        for (const compiled of this.plans) {
          if (compiled.zone !== zone) continue;
          if (!isValidOn(compiled, day) && !isValidOn(compiled, day - 1)) continue;
          for (const edge of (compiled.edges ??= edgesOf(compiled))[weekday]) localEdges.push(day * DAY_MS + edge);
        }
        localEdges.sort(numeric);
        let previous = Number.NaN;
        for (const localMs of localEdges) {
          if (localMs === previous) continue;
          previous = localMs;
          const instant = timeline.firstInstantAt(localMs);
          if (instant > blockStart && instant <= blockEnd) result.push(instant);
        }
      }
    }
    result.sort(numeric);
    return dedupeSorted(result);
  }
}

function covers(compiled: CompiledPlan, local: number): boolean {
  const day = Math.floor(local / DAY_MS);
  if (compiled.wholeDay) return day >= compiled.validFrom && day <= compiled.validUntil;
  const msOfDay = local - day * DAY_MS;
  const weekday = (((day + 3) % 7) + 7) % 7;
  if (day >= compiled.validFrom && day <= compiled.validUntil && inRanges(compiled.own[weekday], msOfDay)) {
    return true;
  }
  const spill = compiled.spill[weekday];
  return (
    spill.length > 0 && day - 1 >= compiled.validFrom && day - 1 <= compiled.validUntil && inRanges(spill, msOfDay)
  );
}

function inRanges(ranges: number[], msOfDay: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    if (msOfDay >= ranges[i] && msOfDay < ranges[i + 1]) return true;
  }
  return false;
}

function isValidOn(compiled: CompiledPlan, day: number): boolean {
  return day >= compiled.validFrom && day <= compiled.validUntil;
}

function compilePlan(plan: RingPlan, zone: number): CompiledPlan {
  const own: number[][] = [[], [], [], [], [], [], []];
  const spill: number[][] = [[], [], [], [], [], [], []];
  for (const window of plan.windows) {
    const weekday = DAYS_OF_WEEK.indexOf(window.day);
    const opens = parseClockTime(window.opens);
    const closes = parseClockTime(window.closes);
    if (weekday < 0 || opens === null || closes === null || opens === MINUTES_PER_DAY) {
      throw new Error(`Ring plan ${plan.id} has a malformed window ${JSON.stringify(window)}`);
    }
    if (closes > opens) {
      own[weekday].push(opens * MINUTE_MS, closes * MINUTE_MS);
    } else {
      // closes ≤ opens: runs past midnight (opens == closes: a full 24 hours, refused on input).
      own[weekday].push(opens * MINUTE_MS, DAY_MS);
      if (closes > 0) spill[(weekday + 1) % 7].push(0, closes * MINUTE_MS);
    }
  }
  return {
    plan,
    open: plan.kind === 'OPEN',
    zone,
    validFrom: plan.validFrom === null ? Number.NEGATIVE_INFINITY : dateOrThrow(plan, plan.validFrom),
    validUntil: plan.validUntil === null ? Number.POSITIVE_INFINITY : dateOrThrow(plan, plan.validUntil),
    wholeDay: plan.windows.length === 0,
    own,
    spill,
    edges: null,
  };
}

/** Midnight and every range boundary inside the day, per weekday, sorted and distinct. */
function edgesOf(compiled: CompiledPlan): number[][] {
  return compiled.own.map((ranges, weekday) => {
    const edges = [0, ...ranges, ...compiled.spill[weekday]].filter((edge) => edge < DAY_MS).sort(numeric);
    return dedupeSorted(edges);
  });
}

function dateOrThrow(plan: RingPlan, value: string): number {
  const day = parseLocalDate(value);
  if (day === null) throw new Error(`Ring plan ${plan.id} has a malformed validity date "${value}"`);
  return day;
}

function instantOf(at: Date): number {
  const instant = at.getTime();
  if (!Number.isFinite(instant)) throw badInput('INVALID_INSTANT', 'The instant to evaluate is not a valid date', 'at');
  return instant;
}

function numeric(a: number, b: number): number {
  return a - b;
}

function dedupeSorted(values: number[]): number[] {
  let length = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[i - 1]) values[length++] = values[i];
  }
  values.length = length;
  return values;
}
