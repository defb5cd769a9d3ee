import { bucketStarts, BUCKET_LIMIT } from './stats-buckets';
import { DomainError } from '../errors';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const hoursBetween = (ds: Date[]) => ds.slice(1).map((d, i) => (d.getTime() - ds[i].getTime()) / 3_600_000);

describe('bucketStarts', () => {
  it.each([
    // spring forward: Sunday 29 March 2026 02:00 CET → 03:00 CEST, a 23-hour day
    [
      'Europe/Berlin',
      '2026-03-28T10:00:00Z',
      '2026-03-31T00:00:00Z',
      ['2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
      [24, 23, 24],
    ],
    // fall back: Sunday 25 October 2026 03:00 CEST → 02:00 CET, a 25-hour day
    [
      'Europe/Berlin',
      '2026-10-24T12:00:00Z',
      '2026-10-27T00:00:00Z',
      ['2026-10-23T22:00:00.000Z', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', '2026-10-26T23:00:00.000Z'],
      [24, 25, 24],
    ],
    // spring forward: Sunday 8 March 2026 02:00 CST → 03:00 CDT
    [
      'America/Chicago',
      '2026-03-07T12:00:00Z',
      '2026-03-10T06:00:00Z',
      ['2026-03-07T06:00:00.000Z', '2026-03-08T06:00:00.000Z', '2026-03-09T05:00:00.000Z', '2026-03-10T05:00:00.000Z'],
      [24, 23, 24],
    ],
    // fall back: Sunday 1 November 2026 02:00 CDT → 01:00 CST
    [
      'America/Chicago',
      '2026-10-31T12:00:00Z',
      '2026-11-03T00:00:00Z',
      ['2026-10-31T05:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z'],
      [24, 25],
    ],
    // half-hour and three-quarter-hour zones: local midnight is not on a UTC hour
    [
      'Asia/Kolkata',
      '2026-06-01T00:00:00Z',
      '2026-06-02T00:00:00Z',
      ['2026-05-31T18:30:00.000Z', '2026-06-01T18:30:00.000Z'],
      [24],
    ],
    [
      'Asia/Kathmandu',
      '2026-06-01T00:00:00Z',
      '2026-06-02T00:00:00Z',
      ['2026-05-31T18:15:00.000Z', '2026-06-01T18:15:00.000Z'],
      [24],
    ],
  ])('DAY buckets in %s from %s to %s', (zone, since, until, starts, lengths) => {
    const b = bucketStarts(new Date(since), new Date(until), 'DAY', zone);
    expect(iso(b)).toEqual(starts);
    expect(hoursBetween(b)).toEqual(lengths);
  });

  it.each([
    // 23-hour day: no local 02:00 bucket
    ['Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 23],
    ['America/Chicago', '2026-03-08T06:00:00Z', '2026-03-09T05:00:00Z', 23],
    // 25-hour day: the repeated hour is two buckets
    ['Europe/Berlin', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 25],
    ['America/Chicago', '2026-11-01T05:00:00Z', '2026-11-02T06:00:00Z', 25],
  ])('HOUR buckets over the DST day in %s from %s to %s: %i one-hour buckets', (zone, since, until, n) => {
    const b = bucketStarts(new Date(since), new Date(until), 'HOUR', zone);
    expect(b).toHaveLength(n);
    expect(hoursBetween(b).every((h) => h === 1)).toBe(true);
  });

  it('lists the repeated 02:00 of the Berlin autumn change as two buckets, an hour apart', () => {
    const b = bucketStarts(new Date('2026-10-24T23:30:00Z'), new Date('2026-10-25T02:00:00Z'), 'HOUR', 'Europe/Berlin');
    expect(iso(b)).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z']);
  });

  it('floors since to its local bucket and excludes until', () => {
    const b = bucketStarts(new Date('2026-06-01T10:20:00Z'), new Date('2026-06-01T12:00:00Z'), 'HOUR', 'Asia/Kolkata');
    // local 15:50 → 15:00 local = 09:30Z; 11:30Z is the last start before 12:00Z
    expect(iso(b)).toEqual(['2026-06-01T09:30:00.000Z', '2026-06-01T10:30:00.000Z', '2026-06-01T11:30:00.000Z']);
  });

  it(`allows ${BUCKET_LIMIT} buckets and refuses one more with BAD_USER_INPUT`, () => {
    const since = new Date('2026-01-01T00:00:00Z');
    expect(bucketStarts(since, new Date(since.getTime() + BUCKET_LIMIT * 3_600_000), 'HOUR', 'UTC')).toHaveLength(
      BUCKET_LIMIT,
    );
    const tooMany = () =>
      bucketStarts(since, new Date(since.getTime() + (BUCKET_LIMIT + 1) * 3_600_000), 'HOUR', 'UTC');
    expect(tooMany).toThrow(DomainError);
    expect(tooMany).toThrow(expect.objectContaining({ category: 'BAD_USER_INPUT', code: 'TOO_MANY_BUCKETS' }));
  });

  it('refuses an empty or reversed range', () => {
    const t = new Date('2026-01-01T00:00:00Z');
    expect(() => bucketStarts(t, t, 'DAY', 'UTC')).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
  });
});
