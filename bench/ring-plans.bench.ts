import { compileSchedule } from '../src/domain/ring-plans/business-hours';
import type { DayOfWeek, OpeningWindow, RingPlan } from '../src/domain/ring-plans/ring-plan';

/**
 * Business-hours evaluation speed for a team at the plan limit (25 plans in five zones with
 * overnight windows, holiday and early-close overlays, disabled plans). Returns figures; the bench
 * runner prints them.
 */
export async function benchRingPlans(): Promise<Record<string, number>> {
  const plans = teamAtTheLimit();
  const random = mulberry32(20260101);
  const from = Date.UTC(2026, 0, 1);
  const span = 365 * 86_400_000;
  const instants = Array.from({ length: 8192 }, () => from + Math.floor(random() * span));
  const dates = instants.map((instant) => new Date(instant));
  const schedule = compileSchedule(plans);

  // Warm up (JIT, and the per-zone offset tables covering the year).
  let sink = 0;
  for (const date of dates) sink += schedule.isOpenAt(date).open ? 1 : 0;
  for (let i = 0; i < 200; i++) sink += schedule.nextChange(dates[i])?.getTime() ?? 0;

  const isOpenAt = measure(1000, (count) => {
    for (let i = 0; i < count; i++) sink += schedule.isOpenAt(dates[i & 8191]).open ? 1 : 0;
  });
  const baseline = measure(1000, (count) => {
    for (let i = 0; i < count; i++) sink += new Date(instants[i & 8191]).getTime() & 1;
  });
  const compile = measure(500, (count) => {
    for (let i = 0; i < count; i++) sink += compileSchedule(plans) === schedule ? 1 : 0;
  });
  const nextChange = measure(500, (count) => {
    for (let i = 0; i < count; i++) sink += schedule.nextChange(dates[i & 8191])?.getTime() ?? 0;
  });
  const businessHours = measure(500, (count) => {
    for (let i = 0; i < count; i++) sink += schedule.businessHoursAt(dates[i & 8191]).open ? 1 : 0;
  });
  if (sink === Number.MIN_SAFE_INTEGER) throw new Error('unreachable; keeps the loops from being optimised away');

  return {
    plans: plans.length,
    isOpenAtPerSecond: Math.round(isOpenAt),
    newDateGetTimePerSecond: Math.round(baseline),
    isOpenAtCostInNewDateCalls: round2(baseline / isOpenAt),
    compileSchedulePerSecond: Math.round(compile),
    nextChangePerSecond: Math.round(nextChange),
    businessHoursAtPerSecond: Math.round(businessHours),
  };
}

/** Operations per second of `run(count)`, growing the batch until `budgetMs` is spent. */
function measure(budgetMs: number, run: (count: number) => void): number {
  let operations = 0;
  let batch = 64;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    run(batch);
    operations += batch;
    elapsed = performance.now() - start;
    if (elapsed < budgetMs / 20) batch *= 2;
  }
  return (operations * 1000) / elapsed;
}

function teamAtTheLimit(): RingPlan[] {
  const weekdays: DayOfWeek[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];
  const on = (days: DayOfWeek[], opens: string, closes: string): OpeningWindow[] =>
    days.map((day) => ({ day, opens, closes }));
  const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
  const plans: Omit<RingPlan, 'id' | 'sequence' | 'createdAt'>[] = [];
  for (const timeZone of zones) {
    const base = { enabled: true, timeZone, validFrom: null, validUntil: null } as const;
    plans.push(
      {
        ...base,
        name: `${timeZone} office`,
        kind: 'OPEN',
        windows: [...on(weekdays, '08:00', '12:30'), ...on(weekdays, '13:30', '17:30')],
      },
      {
        ...base,
        name: `${timeZone} night line`,
        kind: 'OPEN',
        windows: on(['FRIDAY', 'SATURDAY', 'SUNDAY'], '22:00', '06:00'),
      },
      {
        ...base,
        name: `${timeZone} Christmas`,
        kind: 'CLOSED',
        validFrom: '2026-12-24',
        validUntil: '2026-12-26',
        windows: [],
      },
      {
        ...base,
        name: `${timeZone} early close`,
        kind: 'CLOSED',
        validFrom: '2026-12-31',
        validUntil: '2026-12-31',
        windows: on(['THURSDAY'], '12:00', '24:00'),
      },
      {
        ...base,
        name: `${timeZone} summer`,
        kind: 'OPEN',
        enabled: timeZone !== 'UTC',
        validFrom: '2026-07-01',
        validUntil: '2026-08-31',
        windows: on(weekdays, '07:00', '15:00'),
      },
    );
  }
  return plans.map((plan, index) => ({
    ...plan,
    id: `bench-${index}`,
    sequence: index + 1,
    createdAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000),
  }));
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
