import { DAY_MS } from '../ring-plans/local-time';
import { zoneTimeline, type ZoneTimeline } from '../ring-plans/zone-timeline';
import { badInput } from '../errors';

/** Dashboard figures (PRODUCT.md §12): local hours or local days of the team's time zone. */
export const STATS_INTERVALS = ['HOUR', 'DAY'] as const;
export type StatsInterval = (typeof STATS_INTERVALS)[number];

export const BUCKET_LIMIT = 2000;

/**
 * The rollup keeps counts per UTC quarter hour (STATS_SLOT_MINUTES): every offset of every IANA
 * zone in use is a whole number of quarter hours (Asia/Kolkata +05:30, Asia/Kathmandu +05:45,
 * Australia/Eucla +08:45, Pacific/Chatham +12:45), so each local hour and local day, also across
 * DST changes, is an exact union of slots — whatever zone the team has, and also after the team
 * changes its zone. Hour-wide UTC slots would split local days in half-hour zones.
 */
export const STATS_SLOT_MINUTES = 15;

/**
 * The starts of the buckets covering [since, until): `since` floored to the start of its local
 * hour or day, then one bucket per local hour or local day (23 or 25 hours across a DST change;
 * a repeated local hour in autumn is two buckets), the last one starting before `until`. At most
 * BUCKET_LIMIT, else BAD_USER_INPUT.
 */
export function bucketStarts(since: Date, until: Date, interval: StatsInterval, timeZone: string): Date[] {
  if (Number.isNaN(since.getTime())) throw badInput('INVALID_TIME', 'since must be a valid date-time', 'since');
  if (Number.isNaN(until.getTime())) throw badInput('INVALID_TIME', 'until must be a valid date-time', 'until');
  if (until.getTime() <= since.getTime()) throw badInput('INVALID_RANGE', 'until must be after since', 'until');
  const zone = timelineOf(timeZone);
  const end = until.getTime();
  const starts: Date[] = [];
  let start =
    interval === 'DAY'
      ? zone.firstInstantAt(floorTo(zone.localMsAt(since.getTime()), DAY_MS))
      : floorToLocalHour(zone, since.getTime());
  while (start < end) {
    if (starts.length === BUCKET_LIMIT) {
      throw badInput(
        'TOO_MANY_BUCKETS',
        `At most ${BUCKET_LIMIT} buckets per query: shorten the range or use DAY`,
        'until',
        {
          max: BUCKET_LIMIT,
        },
      );
    }
    starts.push(new Date(start));
    start = interval === 'DAY' ? nextDay(zone, start) : nextHour(zone, start);
  }
  return starts;
}

const HOUR_MS = 3_600_000;

function floorTo(ms: number, unit: number): number {
  return ms - (((ms % unit) + unit) % unit);
}

function timelineOf(timeZone: string): ZoneTimeline {
  try {
    return zoneTimeline(timeZone);
  } catch {
    throw badInput('INVALID_TIME_ZONE', `The team's time zone ${timeZone} is not usable`, 'timeZone');
  }
}

/** The next local midnight: 23 or 25 hours later across a DST change (calendar days, not 24 h). */
function nextDay(zone: ZoneTimeline, start: number): number {
  return zone.firstInstantAt(floorTo(zone.localMsAt(start), DAY_MS) + DAY_MS);
}

/** The start of the local hour the instant is in (by the offset in force at that instant). */
function floorToLocalHour(zone: ZoneTimeline, instant: number): number {
  return instant - ((((instant + zone.offsetAt(instant)) % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

/**
 * An hour of elapsed time, floored to its local hour: a repeated local hour in autumn is a bucket
 * of its own, and after a half-hour DST shift (Australia/Lord_Howe) buckets realign with local hours.
 */
function nextHour(zone: ZoneTimeline, start: number): number {
  const next = floorToLocalHour(zone, start + HOUR_MS);
  return next > start ? next : start + HOUR_MS;
}
