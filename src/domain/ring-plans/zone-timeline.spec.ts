import { IANAZone } from 'luxon';
import { zoneTimeline } from './zone-timeline';

const at = (iso: string) => Date.parse(iso);
const local = (iso: string) => Date.parse(`${iso}Z`);
const HOUR = 3600_000;

describe('zoneTimeline', () => {
  it.each([
    [
      'Europe/Berlin',
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
      ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z'],
    ],
    [
      'America/New_York',
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
      ['2026-03-08T07:00:00.000Z', '2026-11-01T06:00:00.000Z'],
    ],
    [
      'Australia/Lord_Howe',
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
      ['2026-04-04T15:00:00.000Z', '2026-10-03T15:30:00.000Z'],
    ],
    ['Asia/Kolkata', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', []],
    ['UTC', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', []],
  ])('finds the exact offset changes of %s', (zone, from, to, expected) => {
    const transitions = zoneTimeline(zone).transitionsBetween(at(from), at(to));
    expect(transitions.map((t) => new Date(t.at).toISOString())).toEqual(expected);
  });

  it('agrees with luxon on offsets around the year', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      const timeline = zoneTimeline(zone);
      for (let t = at('2025-12-31T23:59:59.999Z'); t < at('2027-01-01T00:00:00Z'); t += 7 * HOUR + 13) {
        expect(timeline.offsetAt(t)).toBe(IANAZone.create(zone).offset(t) * 60_000);
      }
    }
  });

  it.each([
    // spring-forward gap: skipped wall times resolve to the gap's end
    ['Europe/Berlin', '2026-03-29T01:59:59.999', '2026-03-29T00:59:59.999Z'],
    ['Europe/Berlin', '2026-03-29T02:00:00.000', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29T02:30:00.000', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29T03:00:00.000', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29T03:00:00.001', '2026-03-29T01:00:00.001Z'],
    // fall-back: repeated wall times resolve to their first occurrence
    ['Europe/Berlin', '2026-10-25T02:30:00.000', '2026-10-25T00:30:00.000Z'],
    ['Europe/Berlin', '2026-10-25T03:00:00.000', '2026-10-25T02:00:00.000Z'],
    ['America/New_York', '2026-11-01T01:30:00.000', '2026-11-01T05:30:00.000Z'],
    ['America/New_York', '2026-03-08T02:30:00.000', '2026-03-08T07:00:00.000Z'],
    ['Australia/Lord_Howe', '2026-10-04T02:15:00.000', '2026-10-03T15:30:00.000Z'],
    ['Australia/Lord_Howe', '2026-04-05T01:45:00.000', '2026-04-04T14:45:00.000Z'],
    ['Asia/Kolkata', '2026-06-01T00:00:00.000', '2026-05-31T18:30:00.000Z'],
  ])('firstInstantAt in %s: %s local → %s', (zone, wall, expected) => {
    expect(new Date(zoneTimeline(zone).firstInstantAt(local(wall))).toISOString()).toBe(expected);
  });

  it('holds the wall clock at the end of the first pass while an hour repeats', () => {
    const berlin = zoneTimeline('Europe/Berlin');
    expect(berlin.localMsAt(at('2026-10-25T00:59:59.999Z'))).toBe(local('2026-10-25T02:59:59.999'));
    expect(berlin.localMsAt(at('2026-10-25T01:00:00.000Z'))).toBe(local('2026-10-25T02:59:59.999'));
    expect(berlin.localMsAt(at('2026-10-25T01:59:59.999Z'))).toBe(local('2026-10-25T02:59:59.999'));
    expect(berlin.localMsAt(at('2026-10-25T02:00:00.000Z'))).toBe(local('2026-10-25T03:00:00.000'));
    expect(berlin.localMsAt(at('2026-03-29T01:00:00.000Z'))).toBe(local('2026-03-29T03:00:00.000'));
  });

  it('refuses an unknown zone', () => {
    expect(() => zoneTimeline('Mars/Olympus_Mons')).toThrow(/Unknown IANA time zone/);
  });
});
