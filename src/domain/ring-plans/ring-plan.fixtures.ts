import { DAYS_OF_WEEK, type DayOfWeek, type OpeningWindow, type RingPlan } from './ring-plan';

/** Test builders for ring plans (shared by the specs of this folder). */

let nextSequence = 1;

export function ringPlan(overrides: Partial<RingPlan> = {}): RingPlan {
  const sequence = overrides.sequence ?? nextSequence++;
  return {
    id: `plan-${sequence}`,
    name: `Plan ${sequence}`,
    enabled: true,
    timeZone: 'Europe/Berlin',
    kind: 'OPEN',
    validFrom: null,
    validUntil: null,
    windows: [],
    createdAt: new Date(Date.UTC(2025, 0, 1) + sequence * 60_000),
    ...overrides,
    sequence,
  };
}

export function windowsOn(days: readonly DayOfWeek[], opens: string, closes: string): OpeningWindow[] {
  return days.map((day) => ({ day, opens, closes }));
}

export const WEEKDAYS: readonly DayOfWeek[] = DAYS_OF_WEEK.slice(0, 5);
