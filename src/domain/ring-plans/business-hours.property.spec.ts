import fc from 'fast-check';
import { DateTime } from 'luxon';
import { compileSchedule, LOOKAHEAD_DAYS } from './business-hours';
import { DAY_MS, MINUTE_MS, formatClockTime, formatLocalDate, parseClockTime, parseLocalDate } from './local-time';
import { DAYS_OF_WEEK, type RingPlan } from './ring-plan';
import { ringPlan } from './ring-plan.fixtures';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
const FROM = Date.UTC(2025, 9, 1);
const TO = Date.UTC(2027, 2, 1);
/** DST changes in the zones above within [FROM, TO]; instants near them are tried often. */
const TRANSITIONS = [
  '2025-10-04T15:30:00Z', // Lord Howe 02:00 → 02:30
  '2025-10-26T01:00:00Z', // Berlin
  '2025-11-02T06:00:00Z', // New York
  '2026-03-08T07:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-04-04T15:00:00Z', // Lord Howe 02:00 → 01:30
  '2026-10-03T15:30:00Z',
  '2026-10-25T01:00:00Z',
  '2026-11-01T06:00:00Z',
].map((iso) => Date.parse(iso));

const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  // wall times that fall into gaps or repeats somewhere above
  fc.constantFrom(0, 60, 90, 105, 120, 135, 150, 165, 180, 1410),
);
const openingWindow = fc
  .record({
    day: fc.constantFrom(...DAYS_OF_WEEK),
    opens: minuteOfDay,
    closes: fc.oneof(minuteOfDay, fc.constant(1440)),
  })
  .filter(({ opens, closes }) => opens !== closes)
  .map(({ day, opens, closes }) => ({ day, opens: formatClockTime(opens), closes: formatClockTime(closes) }));
const localDate = fc.option(
  fc.integer({ min: Math.floor(FROM / DAY_MS), max: Math.floor(TO / DAY_MS) }).map(formatLocalDate),
  { nil: null },
);
const planShape = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  kind: fc.constantFrom('OPEN', 'OPEN', 'CLOSED') as fc.Arbitrary<'OPEN' | 'CLOSED'>,
  enabled: fc.constantFrom(true, true, true, false),
  validFrom: localDate,
  validUntil: localDate,
  windows: fc.array(openingWindow, { maxLength: 3 }),
});
type PlanShape = Pick<RingPlan, 'timeZone' | 'kind' | 'enabled' | 'validFrom' | 'validUntil' | 'windows'>;
const toPlans = (shapes: PlanShape[]) =>
  shapes.map((shape, index) => {
    let { validFrom, validUntil } = shape;
    if (validFrom !== null && validUntil !== null && validFrom > validUntil)
      [validFrom, validUntil] = [validUntil, validFrom];
    return ringPlan({ ...shape, validFrom, validUntil, id: `p${index}`, sequence: index + 1 });
  });
const planSet = fc.array(planShape, { minLength: 1, maxLength: 4 }).map(toPlans);

/** Plans whose window edges sit in the hours that DST skips or repeats, on the days it happens. */
const dstMinute = fc.constantFrom(0, 60, 90, 100, 105, 120, 130, 135, 150, 165, 170, 180, 200, 240);
const dstWindow = fc
  .record({
    day: fc.constantFrom('SATURDAY', 'SUNDAY') as fc.Arbitrary<'SATURDAY' | 'SUNDAY'>,
    opens: dstMinute,
    closes: dstMinute,
  })
  .filter(({ opens, closes }) => opens !== closes)
  .map(({ day, opens, closes }) => ({ day, opens: formatClockTime(opens), closes: formatClockTime(closes) }));
const dstPlanSet = fc
  .array(
    fc.record({
      timeZone: fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'),
      kind: fc.constantFrom('OPEN', 'OPEN', 'CLOSED') as fc.Arbitrary<'OPEN' | 'CLOSED'>,
      enabled: fc.constant(true),
      validFrom: fc.constant(null),
      validUntil: fc.constant(null),
      windows: fc.array(dstWindow, { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map(toPlans);
const nearTransition = fc
  .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -4 * 3600_000, max: 3 * 3600_000 }))
  .map(([at, delta]) => at + delta);
const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -3 * 3600_000, max: 3 * 3600_000 }))
    .map(([at, delta]) => at + delta),
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -2, max: 2 })).map(([at, delta]) => at + delta),
);

const SAMPLE_FRACTIONS = [0.001, 0.13, 0.37, 0.5, 0.77, 0.999];

describe('business hours: properties', () => {
  const generators = [
    ['random plans and instants', planSet, instant, 300],
    ['edges inside DST gaps and repeats', dstPlanSet, nearTransition, 300],
  ] as const;

  it.each(generators)('nextChange is the first instant where open flips (%s)', (_label, plans$, instant$, numRuns) => {
    fc.assert(
      fc.property(plans$, instant$, (plans, at) => {
        const schedule = compileSchedule(plans);
        const open = (t: number) => schedule.isOpenAt(new Date(t)).open;
        const state = open(at);
        const change = schedule.nextChange(new Date(at));
        const end = change === null ? at + LOOKAHEAD_DAYS * DAY_MS : change.getTime();
        if (change !== null) {
          expect(end).toBeGreaterThan(at);
          expect(end).toBeLessThanOrEqual(at + LOOKAHEAD_DAYS * DAY_MS);
          expect(open(end - 1)).toBe(state);
          expect(open(end)).toBe(!state);
        }
        for (const fraction of SAMPLE_FRACTIONS) expect(open(at + Math.floor((end - at) * fraction))).toBe(state);
      }),
      { numRuns },
    );
  });

  it.each(generators)(
    'nextChange agrees with a minute-by-minute scan over two days (%s)',
    (_label, plans$, instant$) => {
      fc.assert(
        fc.property(plans$, instant$, (plans, at) => {
          const schedule = compileSchedule(plans);
          const open = (t: number) => schedule.isOpenAt(new Date(t)).open;
          const state = open(at);
          // Window edges are whole local minutes and all offsets are whole minutes: flips happen on minutes.
          let scanned: number | null = null;
          for (let t = Math.floor(at / MINUTE_MS + 1) * MINUTE_MS; t <= at + 2 * DAY_MS; t += MINUTE_MS) {
            if (open(t) !== state) {
              scanned = t;
              break;
            }
          }
          const change = schedule.nextChange(new Date(at))?.getTime() ?? null;
          if (scanned !== null) expect(change).toBe(scanned);
          else if (change !== null) expect(change).toBeGreaterThan(at + 2 * DAY_MS);
        }),
        { numRuns: 100 },
      );
    },
  );

  it.each(generators)(
    'nextOpening is the first opening edge after the instant (%s)',
    (_label, plans$, instant$, numRuns) => {
      fc.assert(
        fc.property(plans$, instant$, (plans, at) => {
          const schedule = compileSchedule(plans);
          const open = (t: number) => schedule.isOpenAt(new Date(t)).open;
          const opening = schedule.nextOpening(new Date(at));
          const change = schedule.nextChange(new Date(at));
          if (opening !== null) {
            expect(opening.getTime()).toBeGreaterThan(at);
            expect(open(opening.getTime())).toBe(true);
            expect(open(opening.getTime() - 1)).toBe(false);
          }
          if (!open(at)) {
            expect(opening).toEqual(change);
          } else if (change !== null) {
            // open now: the next change is a closing, and the change after it is the opening (if it
            // is still within the look-ahead from `at`)
            const reopening = schedule.nextChange(change);
            const withinLookahead = reopening !== null && reopening.getTime() <= at + LOOKAHEAD_DAYS * DAY_MS;
            expect(opening).toEqual(withinLookahead ? reopening : null);
          }
        }),
        { numRuns },
      );
    },
  );

  it('matches a plain wall-clock reading away from DST changes', () => {
    fc.assert(
      fc.property(planSet, fc.integer({ min: FROM, max: TO }), (plans, at) => {
        fc.pre(plans.every((plan) => steadyOffset(plan.timeZone, at)));
        expect(compileSchedule(plans).isOpenAt(new Date(at)).open).toBe(wallClockReading(plans, at));
      }),
      { numRuns: 500 },
    );
  });
});

function steadyOffset(zone: string, at: number): boolean {
  const offset = (t: number) => DateTime.fromMillis(t, { zone }).offset;
  return offset(at - 6 * 3600_000) === offset(at) && offset(at + 6 * 3600_000) === offset(at);
}

/** The product rule read literally with luxon, valid where no offset changes nearby. */
function wallClockReading(plans: RingPlan[], at: number): boolean {
  const winner = plans
    .filter((plan) => plan.enabled)
    .sort((a, b) => b.sequence - a.sequence)
    .find((plan) => coversByWallClock(plan, at));
  return winner === undefined ? false : winner.kind === 'OPEN';
}

function coversByWallClock(plan: RingPlan, at: number): boolean {
  const local = DateTime.fromMillis(at, { zone: plan.timeZone });
  const date = parseLocalDate(local.toISODate() as string) as number;
  const valid = (day: number) =>
    (plan.validFrom === null || day >= (parseLocalDate(plan.validFrom) as number)) &&
    (plan.validUntil === null || day <= (parseLocalDate(plan.validUntil) as number));
  if (plan.windows.length === 0) return valid(date);
  const minute = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / MINUTE_MS;
  const today = DAYS_OF_WEEK[local.weekday - 1];
  const yesterday = DAYS_OF_WEEK[(local.weekday + 5) % 7];
  return plan.windows.some((window) => {
    const opens = parseClockTime(window.opens) as number;
    const closes = parseClockTime(window.closes) as number;
    if (window.day === today && valid(date) && minute >= opens && (closes <= opens || minute < closes)) return true;
    return window.day === yesterday && valid(date - 1) && closes <= opens && minute < closes;
  });
}
