import { DateTime } from 'luxon';
import { DomainError } from '../errors';
import { businessHoursAt, compileSchedule, isOpenAt, nextChange, nextOpening } from './business-hours';
import type { RingPlan } from './ring-plan';
import { ringPlan, WEEKDAYS, windowsOn } from './ring-plan.fixtures';

const utc = (iso: string) => new Date(iso);
const minus1ms = (iso: string) => new Date(new Date(iso).getTime() - 1);

const berlinOffice = ringPlan({ name: 'Berlin office', windows: windowsOn(WEEKDAYS, '08:00', '17:30') });
const newYorkOffice = ringPlan({
  name: 'New York office',
  timeZone: 'America/New_York',
  windows: windowsOn(WEEKDAYS, '09:00', '17:00'),
});

describe('isOpenAt: weekday plans', () => {
  it.each([
    // Berlin in winter (CET, UTC+1)
    ['Berlin Mon before opening', berlinOffice, '2026-01-05T06:59:59.999Z', false],
    ['Berlin Mon at opening', berlinOffice, '2026-01-05T07:00:00.000Z', true],
    ['Berlin Mon just before closing', berlinOffice, '2026-01-05T16:29:59.999Z', true],
    ['Berlin Mon at closing', berlinOffice, '2026-01-05T16:30:00.000Z', false],
    ['Berlin Saturday', berlinOffice, '2026-01-10T10:00:00.000Z', false],
    // Berlin in summer (CEST, UTC+2)
    ['Berlin summer before opening', berlinOffice, '2026-07-06T05:59:59.999Z', false],
    ['Berlin summer at opening', berlinOffice, '2026-07-06T06:00:00.000Z', true],
    ['Berlin summer at closing', berlinOffice, '2026-07-06T15:30:00.000Z', false],
    // New York in winter (EST, UTC−5)
    ['New York Mon before opening', newYorkOffice, '2026-01-05T13:59:59.999Z', false],
    ['New York Mon at opening', newYorkOffice, '2026-01-05T14:00:00.000Z', true],
    ['New York Mon before closing', newYorkOffice, '2026-01-05T21:59:59.999Z', true],
    ['New York Mon at closing', newYorkOffice, '2026-01-05T22:00:00.000Z', false],
    // Friday evening in New York is already Saturday in UTC
    ['New York Fri 16:30 local', newYorkOffice, '2026-01-09T21:30:00.000Z', true],
    // New York in summer (EDT, UTC−4)
    ['New York summer before opening', newYorkOffice, '2026-07-06T12:59:59.999Z', false],
    ['New York summer at opening', newYorkOffice, '2026-07-06T13:00:00.000Z', true],
    ['New York summer at closing', newYorkOffice, '2026-07-06T21:00:00.000Z', false],
  ])('%s (%#)', (_label, plan, at, open) => {
    const state = isOpenAt([plan], utc(at));
    expect(state.open).toBe(open);
    expect(state.plan).toBe(open ? plan : null);
  });
});

describe('isOpenAt: overnight windows (closes ≤ opens runs into the next day)', () => {
  const fridayNight = ringPlan({ windows: [{ day: 'FRIDAY', opens: '22:00', closes: '06:00' }] });
  const sundayNight = ringPlan({ windows: [{ day: 'SUNDAY', opens: '22:00', closes: '06:00' }] });
  const sundayNightUntilSunday = ringPlan({
    windows: [{ day: 'SUNDAY', opens: '22:00', closes: '06:00' }],
    validUntil: '2026-01-11',
  });
  const sundayNightFromMonday = ringPlan({
    windows: [{ day: 'SUNDAY', opens: '22:00', closes: '06:00' }],
    validFrom: '2026-01-12',
  });
  const lateEvening = ringPlan({ windows: [{ day: 'MONDAY', opens: '20:00', closes: '24:00' }] });

  it.each([
    ['Friday before 22:00', fridayNight, '2026-01-09T20:59:59.999Z', false],
    ['Friday 22:00', fridayNight, '2026-01-09T21:00:00.000Z', true],
    ['Friday 23:59', fridayNight, '2026-01-09T22:59:00.000Z', true],
    ['Saturday 00:00', fridayNight, '2026-01-09T23:00:00.000Z', true],
    ['Saturday 05:59', fridayNight, '2026-01-10T04:59:59.999Z', true],
    ['Saturday 06:00', fridayNight, '2026-01-10T05:00:00.000Z', false],
    ['Saturday 22:00 (no Saturday window)', fridayNight, '2026-01-10T21:00:00.000Z', false],
    // week wrap: Sunday night into Monday morning
    ['Sunday 21:59', sundayNight, '2026-01-11T20:59:59.999Z', false],
    ['Sunday 22:00', sundayNight, '2026-01-11T21:00:00.000Z', true],
    ['Monday 00:30', sundayNight, '2026-01-11T23:30:00.000Z', true],
    ['Monday 05:59', sundayNight, '2026-01-12T04:59:59.999Z', true],
    ['Monday 06:00', sundayNight, '2026-01-12T05:00:00.000Z', false],
    ['Monday 00:30 of the very first week (window opened on Sunday)', sundayNight, '2026-01-04T23:30:00.000Z', true],
    // validity is judged on the date the window opened
    ['valid until Sunday: still runs Monday morning', sundayNightUntilSunday, '2026-01-12T04:00:00.000Z', true],
    ['valid until Sunday: next Sunday not covered', sundayNightUntilSunday, '2026-01-18T21:30:00.000Z', false],
    ['valid from Monday: Monday morning not covered', sundayNightFromMonday, '2026-01-12T04:00:00.000Z', false],
    ['valid from Monday: next Sunday night covered', sundayNightFromMonday, '2026-01-18T21:30:00.000Z', true],
    ['valid from Monday: next Monday morning covered', sundayNightFromMonday, '2026-01-19T04:00:00.000Z', true],
    ['closes 24:00: 23:59:59.999', lateEvening, '2026-01-05T22:59:59.999Z', true],
    ['closes 24:00: next midnight', lateEvening, '2026-01-05T23:00:00.000Z', false],
  ])('%s', (_label, plan, at, open) => {
    expect(isOpenAt([plan], utc(at)).open).toBe(open);
  });
});

describe('daylight-saving transitions', () => {
  const sunday = (opens: string, closes: string, timeZone = 'Europe/Berlin') =>
    ringPlan({ timeZone, windows: [{ day: 'SUNDAY', opens, closes }] });

  // Berlin 2026-03-29: 02:00 CET → 03:00 CEST at 01:00Z. New York 2026-03-08: 02:00 EST → 03:00 EDT at 07:00Z.
  const berlinGap = sunday('02:30', '05:00');
  const newYorkGap = sunday('02:30', '05:00', 'America/New_York');
  const berlinClosesInGap = sunday('00:00', '02:30');
  // Berlin 2026-10-25: 03:00 CEST → 02:00 CET at 01:00Z. New York 2026-11-01: 02:00 EDT → 01:00 EST at 06:00Z.
  const berlinRepeatOpens = sunday('02:30', '04:00');
  const berlinRepeatCloses = sunday('01:00', '02:30');
  const newYorkRepeatOpens = sunday('01:30', '03:00', 'America/New_York');
  const newYorkRepeatCloses = sunday('00:00', '01:30', 'America/New_York');

  it.each([
    ['Berlin gap: week before opens at 02:30 CET', berlinGap, '2026-03-22T01:30:00.000Z', true],
    ['Berlin gap: week before not at 02:29 CET', berlinGap, '2026-03-22T01:29:59.999Z', false],
    ['Berlin gap: last instant before the gap', berlinGap, '2026-03-29T00:59:59.999Z', false],
    ['Berlin gap: 02:30 starts at 03:00 CEST, the next existing instant', berlinGap, '2026-03-29T01:00:00.000Z', true],
    ['Berlin gap: closes at 05:00 CEST', berlinGap, '2026-03-29T03:00:00.000Z', false],
    ['Berlin gap: close at 02:30 happens at 03:00 CEST (before)', berlinClosesInGap, '2026-03-29T00:59:59.999Z', true],
    ['Berlin gap: close at 02:30 happens at 03:00 CEST (at)', berlinClosesInGap, '2026-03-29T01:00:00.000Z', false],
    ['New York gap: last instant before the gap', newYorkGap, '2026-03-08T06:59:59.999Z', false],
    ['New York gap: 02:30 starts at 03:00 EDT', newYorkGap, '2026-03-08T07:00:00.000Z', true],
    ['New York gap: closes at 05:00 EDT', newYorkGap, '2026-03-08T09:00:00.000Z', false],
    ['Berlin repeat: opens at the first 02:30 (CEST)', berlinRepeatOpens, '2026-10-25T00:30:00.000Z', true],
    ['Berlin repeat: before the first 02:30', berlinRepeatOpens, '2026-10-25T00:29:59.999Z', false],
    ['Berlin repeat: second 02:15 (CET) stays open', berlinRepeatOpens, '2026-10-25T01:15:00.000Z', true],
    ['Berlin repeat: second 02:45 (CET) open', berlinRepeatOpens, '2026-10-25T01:45:00.000Z', true],
    ['Berlin repeat: closes at 04:00 CET', berlinRepeatOpens, '2026-10-25T03:00:00.000Z', false],
    ['Berlin repeat: close at the first 02:30', berlinRepeatCloses, '2026-10-25T00:30:00.000Z', false],
    ['Berlin repeat: not open again at second 02:15', berlinRepeatCloses, '2026-10-25T01:15:00.000Z', false],
    ['New York repeat: opens at first 01:30 (EDT)', newYorkRepeatOpens, '2026-11-01T05:30:00.000Z', true],
    ['New York repeat: second 01:15 (EST) stays open', newYorkRepeatOpens, '2026-11-01T06:15:00.000Z', true],
    ['New York repeat: closes 03:00 EST', newYorkRepeatOpens, '2026-11-01T08:00:00.000Z', false],
    ['New York repeat: close at first 01:30', newYorkRepeatCloses, '2026-11-01T05:30:00.000Z', false],
    ['New York repeat: second 01:00–01:30 not open again', newYorkRepeatCloses, '2026-11-01T06:15:00.000Z', false],
  ])('%s', (_label, plan, at, open) => {
    expect(isOpenAt([plan], utc(at)).open).toBe(open);
  });

  it.each([
    ['Berlin gap opening', berlinGap, '2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z'],
    ['New York gap opening', newYorkGap, '2026-03-08T05:00:00.000Z', '2026-03-08T07:00:00.000Z'],
    [
      'Berlin repeated opening is counted once',
      berlinRepeatOpens,
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ],
    [
      'Berlin repeated close is counted once',
      berlinRepeatCloses,
      '2026-10-25T00:30:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ],
    [
      'New York repeated opening is counted once',
      newYorkRepeatOpens,
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ],
  ])('nextChange: %s', (_label, plan, at, expected) => {
    expect(nextChange([plan], utc(at))?.toISOString()).toBe(expected);
  });

  it('does not re-open during the repeated hour', () => {
    expect(nextOpening([berlinRepeatOpens], utc('2026-10-25T00:45:00.000Z'))?.toISOString()).toBe(
      '2026-11-01T01:30:00.000Z',
    );
    expect(nextOpening([newYorkRepeatOpens], utc('2026-11-01T05:45:00.000Z'))?.toISOString()).toBe(
      '2026-11-08T06:30:00.000Z',
    );
  });

  it('differs from luxon DateTime.fromObject, which shifts a skipped 02:30 to 03:30 and picks the later 02:30', () => {
    const luxonGap = DateTime.fromObject(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
      { zone: 'Europe/Berlin' },
    );
    expect(luxonGap.toUTC().toISO()).toBe('2026-03-29T01:30:00.000Z');
    expect(nextOpening([berlinGap], utc('2026-03-29T00:00:00.000Z'))?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    const luxonRepeat = DateTime.fromObject(
      { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
      { zone: 'Europe/Berlin' },
    );
    expect(luxonRepeat.toUTC().toISO()).toBe('2026-10-25T01:30:00.000Z');
    expect(nextOpening([berlinRepeatOpens], utc('2026-10-25T00:00:00.000Z'))?.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('keeps whole-day plans to the local date across both transitions', () => {
    const springDay = ringPlan({ validFrom: '2026-03-29', validUntil: '2026-03-29' });
    expect(isOpenAt([springDay], minus1ms('2026-03-28T23:00:00.000Z')).open).toBe(false);
    expect(isOpenAt([springDay], utc('2026-03-28T23:00:00.000Z')).open).toBe(true);
    expect(isOpenAt([springDay], minus1ms('2026-03-29T22:00:00.000Z')).open).toBe(true);
    expect(isOpenAt([springDay], utc('2026-03-29T22:00:00.000Z')).open).toBe(false);
    const autumnDay = ringPlan({ validFrom: '2026-10-25', validUntil: '2026-10-25' });
    expect(nextChange([autumnDay], utc('2026-10-24T12:00:00.000Z'))?.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(nextChange([autumnDay], utc('2026-10-24T22:00:00.000Z'))?.toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });
});

describe('overlays: the newest covering plan wins', () => {
  const business = ringPlan({ name: 'Business hours', windows: windowsOn(WEEKDAYS, '08:00', '17:00') });
  const christmasDay = ringPlan({
    name: 'Christmas Day',
    kind: 'CLOSED',
    validFrom: '2026-12-25',
    validUntil: '2026-12-25',
  });
  const christmasEve = ringPlan({
    name: 'Christmas Eve early close',
    kind: 'CLOSED',
    validFrom: '2026-12-24',
    validUntil: '2026-12-24',
    windows: [{ day: 'THURSDAY', opens: '12:00', closes: '24:00' }],
  });
  const plans = [business, christmasDay, christmasEve];

  it.each([
    ['Dec 24 morning: business hours', '2026-12-24T09:00:00.000Z', true, business],
    ['Dec 24 11:59 local', '2026-12-24T10:59:59.999Z', true, business],
    ['Dec 24 12:00 local: early close', '2026-12-24T11:00:00.000Z', false, christmasEve],
    ['Dec 24 evening: early close (outside business hours anyway)', '2026-12-24T20:00:00.000Z', false, christmasEve],
    ['Dec 25 whole day closed', '2026-12-25T09:00:00.000Z', false, christmasDay],
    ['Dec 25 first instant', '2026-12-24T23:00:00.000Z', false, christmasDay],
    ['Dec 28: business plan live again', '2026-12-28T09:00:00.000Z', true, business],
    ['Dec 31 12:00: early close does not repeat', '2026-12-31T11:00:00.000Z', true, business],
    ['Dec 26 (Saturday): nobody covers', '2026-12-26T09:00:00.000Z', false, null],
  ])('%s', (_label, at, open, plan) => {
    const state = isOpenAt(plans, utc(at));
    expect(state).toEqual({ open, plan });
    expect(state.plan).toBe(plan);
  });

  it('does not depend on the order of the list', () => {
    expect(isOpenAt([christmasEve, christmasDay, business], utc('2026-12-24T11:00:00.000Z')).plan).toBe(christmasEve);
  });

  it('re-opens after the holidays', () => {
    expect(nextOpening(plans, utc('2026-12-24T11:00:00.000Z'))?.toISOString()).toBe('2026-12-28T07:00:00.000Z');
    expect(nextChange(plans, utc('2026-12-24T09:00:00.000Z'))?.toISOString()).toBe('2026-12-24T11:00:00.000Z');
  });

  it('lets a newer OPEN plan with different windows win over an older one', () => {
    const regular = ringPlan({ name: 'Regular', windows: windowsOn(WEEKDAYS, '08:00', '17:00') });
    const summer = ringPlan({
      name: 'Summer hours',
      validFrom: '2026-07-01',
      validUntil: '2026-08-31',
      windows: windowsOn(WEEKDAYS, '07:00', '15:00'),
    });
    const closedDays = ringPlan({ name: 'Always closed', kind: 'CLOSED' });
    const desk = ringPlan({ name: 'Desk staffed', windows: windowsOn(['MONDAY'], '10:00', '12:00') });
    // Berlin summer: UTC+2
    expect(isOpenAt([regular, summer], utc('2026-07-06T05:30:00.000Z'))).toEqual({ open: true, plan: summer });
    expect(isOpenAt([regular, summer], utc('2026-07-06T06:30:00.000Z')).plan).toBe(summer);
    expect(isOpenAt([regular, summer], utc('2026-07-06T13:30:00.000Z'))).toEqual({ open: true, plan: regular });
    expect(isOpenAt([regular, summer], utc('2026-09-01T05:30:00.000Z'))).toEqual({ open: false, plan: null });
    // a newer OPEN plan inside an older always-CLOSED plan
    expect(isOpenAt([closedDays, desk], utc('2026-07-06T08:30:00.000Z'))).toEqual({ open: true, plan: desk });
    expect(isOpenAt([closedDays, desk], utc('2026-07-06T10:30:00.000Z'))).toEqual({ open: false, plan: closedDays });
  });
});

describe('disabled plans and teams without plans', () => {
  const business = ringPlan({ windows: windowsOn(WEEKDAYS, '08:00', '17:00') });
  const disabledClosure = ringPlan({ kind: 'CLOSED', enabled: false });
  const disabledOpen = ringPlan({ enabled: false });

  it('ignores a disabled overlay', () => {
    expect(isOpenAt([business, disabledClosure], utc('2026-01-05T09:00:00.000Z'))).toEqual({
      open: true,
      plan: business,
    });
  });

  it('treats a team whose plans are all disabled as closed', () => {
    expect(isOpenAt([disabledOpen], utc('2026-01-05T09:00:00.000Z'))).toEqual({ open: false, plan: null });
    expect(nextChange([disabledOpen], utc('2026-01-05T09:00:00.000Z'))).toBeNull();
    expect(nextOpening([disabledOpen], utc('2026-01-05T09:00:00.000Z'))).toBeNull();
  });

  it('treats a team without plans as always open', () => {
    expect(businessHoursAt([], utc('2026-01-05T03:00:00.000Z'))).toEqual({
      open: true,
      plan: null,
      nextChangeAt: null,
      nextOpeningAt: null,
    });
  });

  it('answers null when only closures exist', () => {
    expect(
      nextOpening([ringPlan({ kind: 'CLOSED', validUntil: '2026-01-10' })], utc('2026-01-05T00:00:00.000Z')),
    ).toBeNull();
  });

  it('answers null when the last OPEN plan has expired', () => {
    const expired = ringPlan({ validUntil: '2026-01-04', windows: windowsOn(WEEKDAYS, '08:00', '17:00') });
    expect(nextChange([expired], utc('2026-01-05T00:00:00.000Z'))).toBeNull();
  });
});

describe('nextOpening', () => {
  const business = ringPlan({ windows: windowsOn(WEEKDAYS, '08:00', '17:00') });

  it('spans a long weekend with a Monday holiday (Fri close → Tue open)', () => {
    const whitMonday = ringPlan({ kind: 'CLOSED', validFrom: '2026-05-25', validUntil: '2026-05-25' });
    const plans = [business, whitMonday];
    // Friday 2026-05-22 17:00 CEST = 15:00Z
    expect(nextChange(plans, utc('2026-05-22T12:00:00.000Z'))?.toISOString()).toBe('2026-05-22T15:00:00.000Z');
    expect(nextOpening(plans, utc('2026-05-22T15:00:00.000Z'))?.toISOString()).toBe('2026-05-26T06:00:00.000Z');
    // while open, the next opening is the re-opening after the next closing
    expect(nextOpening(plans, utc('2026-05-22T12:00:00.000Z'))?.toISOString()).toBe('2026-05-26T06:00:00.000Z');
  });

  it('crosses a year boundary (Dec 31 → Jan 2)', () => {
    const newYear = ringPlan({ kind: 'CLOSED', validFrom: '2026-01-01', validUntil: '2026-01-01' });
    // Wednesday 2025-12-31 17:00 CET = 16:00Z; Friday 2026-01-02 08:00 CET = 07:00Z
    expect(nextOpening([business, newYear], utc('2025-12-31T16:00:00.000Z'))?.toISOString()).toBe(
      '2026-01-02T07:00:00.000Z',
    );
    const decemberOnly = ringPlan({ validUntil: '2026-12-31', windows: windowsOn(['THURSDAY'], '08:00', '12:00') });
    const januaryOn = ringPlan({ validFrom: '2027-01-02', windows: windowsOn(['SATURDAY'], '10:00', '14:00') });
    expect(nextOpening([decemberOnly, januaryOn], utc('2026-12-31T11:00:00.000Z'))?.toISOString()).toBe(
      '2027-01-02T09:00:00.000Z',
    );
  });

  it('looks at most 366 days ahead', () => {
    const later = ringPlan({ validFrom: '2027-03-01', validUntil: '2027-03-01' });
    expect(nextOpening([later], utc('2026-01-01T00:00:00.000Z'))).toBeNull();
    expect(nextOpening([later], utc('2026-03-01T00:00:00.000Z'))?.toISOString()).toBe('2027-02-28T23:00:00.000Z');
  });
});

describe('nextChange exactness', () => {
  const business = ringPlan({ windows: windowsOn(WEEKDAYS, '08:00', '17:00') });
  const mixed: RingPlan[] = [
    business,
    ringPlan({ timeZone: 'Asia/Kolkata', windows: windowsOn(['MONDAY'], '17:00', '18:15') }),
  ];

  it.each([
    ['from before opening', [business], '2026-01-05T06:00:00.000Z', '2026-01-05T07:00:00.000Z'],
    ['from 1 ms before opening', [business], '2026-01-05T06:59:59.999Z', '2026-01-05T07:00:00.000Z'],
    ['strictly after: from the opening itself', [business], '2026-01-05T07:00:00.000Z', '2026-01-05T16:00:00.000Z'],
    ['from the closing itself', [business], '2026-01-05T16:00:00.000Z', '2026-01-06T07:00:00.000Z'],
    ['Friday close → Monday open', [business], '2026-01-09T16:00:00.000Z', '2026-01-12T07:00:00.000Z'],
    // Kolkata UTC+5:30: Monday 17:00–18:15 = 11:30Z–12:45Z, inside Berlin hours: no change at 11:30Z
    ['a covering window inside another changes nothing', mixed, '2026-01-05T08:00:00.000Z', '2026-01-05T16:00:00.000Z'],
  ])('%s', (_label, plans, at, expected) => {
    const change = nextChange(plans, utc(at));
    expect(change?.toISOString()).toBe(expected);
    const schedule = compileSchedule(plans);
    expect(schedule.isOpenAt(new Date(change!.getTime() - 1)).open).not.toBe(schedule.isOpenAt(change!).open);
  });

  it('answers businessHoursAt in one go', () => {
    expect(businessHoursAt([business], utc('2026-01-05T09:00:00.000Z'))).toEqual({
      open: true,
      plan: business,
      nextChangeAt: utc('2026-01-05T16:00:00.000Z'),
      nextOpeningAt: utc('2026-01-06T07:00:00.000Z'),
    });
    expect(businessHoursAt([business], utc('2026-01-05T20:00:00.000Z'))).toEqual({
      open: false,
      plan: null,
      nextChangeAt: utc('2026-01-06T07:00:00.000Z'),
      nextOpeningAt: utc('2026-01-06T07:00:00.000Z'),
    });
  });

  it('refuses an invalid instant', () => {
    expect(() => isOpenAt([business], new Date(Number.NaN))).toThrow(DomainError);
  });
});
