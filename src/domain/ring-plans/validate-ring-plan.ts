import { isValidTimeZone } from '../time-zones';
import { badInput } from '../errors';
import { MINUTES_PER_DAY, parseClockTime, parseLocalDate } from './local-time';
import { DAYS_OF_WEEK, RING_PLAN_KINDS, type DayOfWeek, type OpeningWindow, type RingPlanKind } from './ring-plan';

export const MAX_RING_PLANS_PER_TEAM = 25;
export const RING_PLAN_NAME_MAX_LENGTH = 100;
/** Ten windows a day is far more than any real schedule; the cap keeps the overlap check cheap. */
export const MAX_WINDOWS_PER_RING_PLAN = 70;

/** The editable fields of a plan; absent fields (updates) are not checked. */
export interface RingPlanInput {
  name?: string;
  timeZone?: string;
  kind?: RingPlanKind | string;
  validFrom?: string | null;
  validUntil?: string | null;
  windows?: readonly OpeningWindowInput[];
}

export interface OpeningWindowInput {
  day: DayOfWeek | string;
  opens: string;
  closes: string;
}

const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/**
 * Checks a ring plan as entered and returns a normalised copy (name trimmed, zone spelled as the
 * runtime spells it). Throws a
 * BAD_USER_INPUT DomainError naming the field at fault, prefixed with `fieldPrefix`
 * (e.g. "input."). For an update, pass the merged plan so validFrom ≤ validUntil is checked
 * against the stored value.
 *
 * `opens` == `closes` is refused (RING_PLAN_EMPTY_WINDOW): under "closes ≤ opens runs past
 * midnight" it would mean 24 hours, which nobody types on purpose; a full day is "00:00"–"24:00",
 * and every day is a plan without windows.
 */
export function validateRingPlan<I extends RingPlanInput>(input: I, fieldPrefix = ''): I {
  const field = (name: string) => `${fieldPrefix}${name}`;
  const result: I = { ...input };

  if (input.name !== undefined) {
    const name = input.name.trim();
    if (name.length === 0) throw badInput('RING_PLAN_INVALID_NAME', 'A ring plan needs a name', field('name'));
    if (name.length > RING_PLAN_NAME_MAX_LENGTH) {
      throw badInput(
        'RING_PLAN_INVALID_NAME',
        `A ring plan name has at most ${RING_PLAN_NAME_MAX_LENGTH} characters (got ${name.length})`,
        field('name'),
        { maxLength: RING_PLAN_NAME_MAX_LENGTH },
      );
    }
    result.name = name;
  }

  if (input.timeZone !== undefined) {
    if (!isValidTimeZone(input.timeZone)) {
      throw badInput(
        'RING_PLAN_INVALID_TIME_ZONE',
        `"${input.timeZone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York)`,
        field('timeZone'),
      );
    }
    // The runtime's spelling ("europe/berlin" → "Europe/Berlin"), so equal zones compare equal.
    result.timeZone = new Intl.DateTimeFormat('en-US', { timeZone: input.timeZone }).resolvedOptions().timeZone;
  }

  if (input.kind !== undefined && !(RING_PLAN_KINDS as readonly string[]).includes(input.kind)) {
    throw badInput(
      'RING_PLAN_INVALID_KIND',
      `Ring plan kind must be one of ${RING_PLAN_KINDS.join(', ')}`,
      field('kind'),
      {
        allowed: [...RING_PLAN_KINDS],
      },
    );
  }

  const validFrom = checkDate(input.validFrom, field('validFrom'));
  const validUntil = checkDate(input.validUntil, field('validUntil'));
  if (validFrom !== null && validUntil !== null && validFrom > validUntil) {
    throw badInput(
      'RING_PLAN_INVALID_VALIDITY',
      `validFrom (${input.validFrom}) is after validUntil (${input.validUntil})`,
      field('validUntil'),
    );
  }

  if (input.windows !== undefined) checkWindows(input.windows, field('windows'));
  return result;
}

/** Refuses a new plan for a team that already has the maximum. */
export function assertRingPlanCapacity(existingPlans: number): void {
  if (existingPlans >= MAX_RING_PLANS_PER_TEAM) {
    throw badInput(
      'RING_PLAN_LIMIT_REACHED',
      `A team has at most ${MAX_RING_PLANS_PER_TEAM} ring plans; delete or edit one instead`,
      undefined,
      { max: MAX_RING_PLANS_PER_TEAM },
    );
  }
}

function checkDate(value: string | null | undefined, field: string): number | null {
  if (value === undefined || value === null) return null;
  const day = parseLocalDate(value);
  if (day === null) {
    throw badInput('RING_PLAN_INVALID_DATE', `"${value}" is not a date in the form YYYY-MM-DD`, field);
  }
  return day;
}

interface WeekInterval {
  index: number;
  start: number;
  end: number;
}

function checkWindows(windows: readonly OpeningWindowInput[], field: string): void {
  if (windows.length > MAX_WINDOWS_PER_RING_PLAN) {
    throw badInput(
      'RING_PLAN_TOO_MANY_WINDOWS',
      `A ring plan has at most ${MAX_WINDOWS_PER_RING_PLAN} windows (got ${windows.length})`,
      field,
      { max: MAX_WINDOWS_PER_RING_PLAN },
    );
  }
  const intervals: WeekInterval[] = [];
  windows.forEach((window, index) => {
    const at = `${field}[${index}]`;
    const weekday = (DAYS_OF_WEEK as readonly string[]).indexOf(window.day);
    if (weekday < 0) {
      throw badInput('RING_PLAN_INVALID_DAY', `Day must be one of ${DAYS_OF_WEEK.join(', ')}`, `${at}.day`);
    }
    const opens = parseClockTime(window.opens);
    if (opens === null || opens === MINUTES_PER_DAY) {
      throw badInput(
        'RING_PLAN_INVALID_TIME',
        `Opening time "${window.opens}" must be HH:MM between 00:00 and 23:59`,
        `${at}.opens`,
      );
    }
    const closes = parseClockTime(window.closes);
    if (closes === null) {
      throw badInput(
        'RING_PLAN_INVALID_TIME',
        `Closing time "${window.closes}" must be HH:MM between 00:00 and 24:00`,
        `${at}.closes`,
      );
    }
    if (opens === closes) {
      throw badInput(
        'RING_PLAN_EMPTY_WINDOW',
        `${describe(window)} opens and closes at the same time; use 00:00–24:00 for a full day`,
        `${at}.closes`,
      );
    }
    // Minutes of the week from Monday 00:00; overnight windows end on the next day, and a Sunday
    // window spilling past midnight wraps to the start of the week.
    const start = weekday * MINUTES_PER_DAY + opens;
    const end = weekday * MINUTES_PER_DAY + (closes > opens ? closes : closes + MINUTES_PER_DAY);
    if (end > MINUTES_PER_WEEK) {
      intervals.push({ index, start, end: MINUTES_PER_WEEK }, { index, start: 0, end: end - MINUTES_PER_WEEK });
    } else {
      intervals.push({ index, start, end });
    }
  });

  checkNoOverlap(intervals, windows, field);
}

/** Throws RING_PLAN_OVERLAPPING_WINDOWS naming the first two windows (by index) that overlap. */
function checkNoOverlap(intervals: WeekInterval[], windows: readonly OpeningWindowInput[], field: string): void {
  intervals.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < intervals.length; i++) {
    // Sorted by start: any overlap shows up between some interval and an earlier one still running.
    for (let j = i - 1; j >= 0; j--) {
      const earlier = intervals[j];
      const later = intervals[i];
      if (earlier.index === later.index || earlier.end <= later.start) continue;
      const [first, second] = earlier.index < later.index ? [earlier.index, later.index] : [later.index, earlier.index];
      throw badInput(
        'RING_PLAN_OVERLAPPING_WINDOWS',
        `Windows ${describe(windows[first])} and ${describe(windows[second])} overlap`,
        `${field}[${second}]`,
        { windows: [first, second] },
      );
    }
  }
}

function describe(window: OpeningWindowInput | OpeningWindow): string {
  return `${window.day} ${window.opens}–${window.closes}`;
}
