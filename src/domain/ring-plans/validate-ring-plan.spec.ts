import { DomainError } from '../errors';
import type { OpeningWindow } from './ring-plan';
import {
  assertRingPlanCapacity,
  MAX_RING_PLANS_PER_TEAM,
  validateRingPlan,
  type RingPlanInput,
} from './validate-ring-plan';

const valid: RingPlanInput = {
  name: 'Business hours',
  timeZone: 'Europe/Berlin',
  kind: 'OPEN',
  validFrom: null,
  validUntil: null,
  windows: [
    { day: 'MONDAY', opens: '08:00', closes: '17:30' },
    { day: 'SUNDAY', opens: '22:00', closes: '06:00' },
  ],
};

function failure(input: RingPlanInput, prefix?: string): DomainError {
  try {
    validateRingPlan(input, prefix);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected validateRingPlan to throw');
}

const windows = (...list: [OpeningWindow['day'], string, string][]): OpeningWindow[] =>
  list.map(([day, opens, closes]) => ({ day, opens, closes }));

describe('validateRingPlan', () => {
  it.each([
    ['a full plan', valid],
    ['whole days (no windows)', { ...valid, windows: [] }],
    ['a partial update', { name: 'Renamed' }],
    ['a one-day holiday', { kind: 'CLOSED', validFrom: '2026-12-25', validUntil: '2026-12-25', windows: [] }],
    ['a leap day', { validFrom: '2028-02-29' }],
    ['closes at 24:00', { windows: windows(['MONDAY', '20:00', '24:00'], ['TUESDAY', '00:00', '06:00']) }],
    ['touching windows', { windows: windows(['MONDAY', '08:00', '12:00'], ['MONDAY', '12:00', '17:00']) }],
    [
      'overnight touching the next morning',
      { windows: windows(['MONDAY', '22:00', '06:00'], ['TUESDAY', '06:00', '10:00']) },
    ],
    [
      'Sunday night touching Monday morning',
      { windows: windows(['SUNDAY', '22:00', '06:00'], ['MONDAY', '06:00', '10:00']) },
    ],
    ['overnight ending at midnight', { windows: windows(['MONDAY', '22:00', '00:00'], ['TUESDAY', '00:00', '01:00']) }],
    ['UTC', { timeZone: 'UTC' }],
  ] as [string, RingPlanInput][])('accepts %s', (_label, input) => {
    expect(() => validateRingPlan(input)).not.toThrow();
  });

  it('returns a normalised copy', () => {
    const input = { ...valid, name: '  Support  ', timeZone: 'europe/berlin' };
    expect(validateRingPlan(input)).toEqual({ ...valid, name: 'Support', timeZone: 'Europe/Berlin' });
    expect(input.name).toBe('  Support  ');
  });

  it.each([
    ['blank name', { name: '   ' }, 'RING_PLAN_INVALID_NAME', 'name'],
    ['long name', { name: 'x'.repeat(101) }, 'RING_PLAN_INVALID_NAME', 'name'],
    ['unknown zone', { timeZone: 'Europe/Atlantis' }, 'RING_PLAN_INVALID_TIME_ZONE', 'timeZone'],
    ['offset instead of zone', { timeZone: '+02:00' }, 'RING_PLAN_INVALID_TIME_ZONE', 'timeZone'],
    ['unknown kind', { kind: 'HOLIDAY' }, 'RING_PLAN_INVALID_KIND', 'kind'],
    ['malformed date', { validFrom: '2026-1-5' }, 'RING_PLAN_INVALID_DATE', 'validFrom'],
    ['impossible date', { validUntil: '2026-02-29' }, 'RING_PLAN_INVALID_DATE', 'validUntil'],
    [
      'reversed validity',
      { validFrom: '2026-12-26', validUntil: '2026-12-24' },
      'RING_PLAN_INVALID_VALIDITY',
      'validUntil',
    ],
    [
      'unknown day',
      { windows: [{ day: 'FUNDAY', opens: '08:00', closes: '09:00' }] },
      'RING_PLAN_INVALID_DAY',
      'windows[0].day',
    ],
    [
      'opens without colon',
      { windows: windows(['MONDAY', '0800', '17:00']) },
      'RING_PLAN_INVALID_TIME',
      'windows[0].opens',
    ],
    ['opens 8:00', { windows: windows(['MONDAY', '8:00', '17:00']) }, 'RING_PLAN_INVALID_TIME', 'windows[0].opens'],
    ['opens 24:00', { windows: windows(['MONDAY', '24:00', '06:00']) }, 'RING_PLAN_INVALID_TIME', 'windows[0].opens'],
    ['closes 24:30', { windows: windows(['MONDAY', '08:00', '24:30']) }, 'RING_PLAN_INVALID_TIME', 'windows[0].closes'],
    ['closes 17:60', { windows: windows(['MONDAY', '08:00', '17:60']) }, 'RING_PLAN_INVALID_TIME', 'windows[0].closes'],
    [
      'opens == closes',
      { windows: windows(['MONDAY', '08:00', '08:00']) },
      'RING_PLAN_EMPTY_WINDOW',
      'windows[0].closes',
    ],
    ['00:00–00:00', { windows: windows(['MONDAY', '00:00', '00:00']) }, 'RING_PLAN_EMPTY_WINDOW', 'windows[0].closes'],
    [
      'overlap on one day',
      { windows: windows(['MONDAY', '08:00', '12:00'], ['MONDAY', '11:00', '17:00']) },
      'RING_PLAN_OVERLAPPING_WINDOWS',
      'windows[1]',
    ],
    [
      'duplicate window',
      { windows: windows(['FRIDAY', '08:00', '12:00'], ['TUESDAY', '08:00', '12:00'], ['FRIDAY', '08:00', '12:00']) },
      'RING_PLAN_OVERLAPPING_WINDOWS',
      'windows[2]',
    ],
    [
      'overnight spilling into the next day',
      { windows: windows(['TUESDAY', '05:00', '09:00'], ['MONDAY', '22:00', '06:00']) },
      'RING_PLAN_OVERLAPPING_WINDOWS',
      'windows[1]',
    ],
    [
      'Sunday night wrapping into Monday',
      { windows: windows(['MONDAY', '05:00', '09:00'], ['SUNDAY', '22:00', '06:00']) },
      'RING_PLAN_OVERLAPPING_WINDOWS',
      'windows[1]',
    ],
    [
      'a window inside another',
      { windows: windows(['WEDNESDAY', '00:00', '24:00'], ['WEDNESDAY', '10:00', '11:00']) },
      'RING_PLAN_OVERLAPPING_WINDOWS',
      'windows[1]',
    ],
  ] as [string, RingPlanInput, string, string][])('refuses %s', (_label, input, code, field) => {
    const error = failure(input);
    expect(error).toMatchObject({ code, category: 'BAD_USER_INPUT', field });
  });

  it('names both overlapping windows', () => {
    const error = failure({ windows: windows(['MONDAY', '05:00', '09:00'], ['SUNDAY', '22:00', '06:00']) });
    expect(error.message).toBe('Windows MONDAY 05:00–09:00 and SUNDAY 22:00–06:00 overlap');
    expect(error.details).toEqual({ windows: [0, 1] });
  });

  it('prefixes fields', () => {
    expect(failure({ windows: windows(['MONDAY', '08:00', '25:00']) }, 'input.').field).toBe('input.windows[0].closes');
  });

  it('caps windows per plan', () => {
    const many = Array.from({ length: 71 }, (_, i) => ({ day: 'MONDAY', opens: '00:00', closes: `0${i % 9}:01` }));
    expect(failure({ windows: many }).code).toBe('RING_PLAN_TOO_MANY_WINDOWS');
  });
});

describe('assertRingPlanCapacity', () => {
  it('allows up to the maximum', () => {
    expect(MAX_RING_PLANS_PER_TEAM).toBe(25);
    expect(() => assertRingPlanCapacity(24)).not.toThrow();
    expect(() => assertRingPlanCapacity(25)).toThrow(expect.objectContaining({ code: 'RING_PLAN_LIMIT_REACHED' }));
  });
});
