import { DateTime } from 'luxon';
import { DAY_MS, daysInMonth } from './local-time';
import { zoneTimeline, type OffsetTransition } from './zone-timeline';

/**
 * Builds an RFC 5545 VTIMEZONE from the runtime's tz data (through luxon/Intl), so exported
 * calendars carry their zone rules without a network fetch or a bundled zone database.
 *
 * Every offset change between `fromYear` and `toYear` becomes an observance; the trailing run of
 * yearly changes that follow one "nth/last weekday of a month" rule (EU: last Sunday of March and
 * October; US: second Sunday of March, first of November) is folded into a single observance with
 * a yearly RRULE, which then also describes the years after `toYear`.
 */
export function vtimezoneComponent(zone: string, fromYear: number, toYear: number): string {
  const timeline = zoneTimeline(zone);
  const from = Date.UTC(fromYear, 0, 1);
  const transitions = timeline.transitionsBetween(from, Date.UTC(toYear + 1, 0, 1));
  const initialOffset = timeline.offsetAt(from);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`];

  const firstIsFallBack = transitions.length > 0 && transitions[0].offsetAfter < transitions[0].offsetBefore;
  lines.push(
    ...observance(
      firstIsFallBack ? 'DAYLIGHT' : 'STANDARD',
      from + initialOffset,
      initialOffset,
      initialOffset,
      zoneName(zone, from),
    ),
  );

  const recurring = new Map<OffsetTransition, string>();
  const folded = new Set<OffsetTransition>();
  for (const springForward of [true, false]) {
    const series = transitions.filter((t) => t.offsetAfter > t.offsetBefore === springForward);
    const run = trailingYearlyRun(series);
    if (run === null) continue;
    recurring.set(run.first, run.rule);
    for (const transition of run.members) if (transition !== run.first) folded.add(transition);
  }

  for (const transition of transitions) {
    if (folded.has(transition)) continue;
    const kind = transition.offsetAfter > transition.offsetBefore ? 'DAYLIGHT' : 'STANDARD';
    const rule = recurring.get(transition);
    lines.push(
      ...observance(
        kind,
        transition.at + transition.offsetBefore,
        transition.offsetBefore,
        transition.offsetAfter,
        zoneName(zone, transition.at),
        rule,
      ),
    );
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

interface YearlyRun {
  first: OffsetTransition;
  members: OffsetTransition[];
  rule: string;
}

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The longest run at the end of the series (≥ 2 consecutive years) sharing one yearly rule. */
function trailingYearlyRun(series: OffsetTransition[]): YearlyRun | null {
  if (series.length < 2) return null;
  const last = describeTransition(series[series.length - 1]);
  let candidates = last.rules;
  let firstIndex = series.length - 1;
  for (let i = series.length - 2; i >= 0; i--) {
    const current = describeTransition(series[i]);
    const previousYear = describeTransition(series[i + 1]).year - 1;
    const shared = candidates.filter((rule) => current.rules.includes(rule));
    if (
      current.year !== previousYear ||
      current.timeKey !== last.timeKey ||
      series[i].offsetBefore !== series[series.length - 1].offsetBefore ||
      series[i].offsetAfter !== series[series.length - 1].offsetAfter ||
      shared.length === 0
    ) {
      break;
    }
    candidates = shared;
    firstIndex = i;
  }
  if (firstIndex === series.length - 1) return null;
  return { first: series[firstIndex], members: series.slice(firstIndex), rule: candidates[0] };
}

function describeTransition(transition: OffsetTransition): { year: number; timeKey: number; rules: string[] } {
  const local = transition.at + transition.offsetBefore;
  const date = new Date(local);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const weekday = BYDAY[(date.getUTCDay() + 6) % 7];
  const rules = [`FREQ=YEARLY;BYMONTH=${month};BYDAY=${Math.ceil(day / 7)}${weekday}`];
  if (day + 7 > daysInMonth(year, month)) rules.unshift(`FREQ=YEARLY;BYMONTH=${month};BYDAY=-1${weekday}`);
  return { year, timeKey: ((local % DAY_MS) + DAY_MS) % DAY_MS, rules };
}

function observance(
  kind: 'STANDARD' | 'DAYLIGHT',
  localStart: number,
  offsetFrom: number,
  offsetTo: number,
  name: string | null,
  rule?: string,
): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${formatLocal(localStart)}`,
    ...(rule ? [`RRULE:${rule}`] : []),
    `TZOFFSETFROM:${formatOffset(offsetFrom)}`,
    `TZOFFSETTO:${formatOffset(offsetTo)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

function zoneName(zone: string, instant: number): string | null {
  const name = DateTime.fromMillis(instant, { zone }).offsetNameShort;
  return name && /^[A-Za-z]{2,6}$/.test(name) ? name : null;
}

function formatLocal(localMs: number): string {
  return new Date(localMs).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const totalSeconds = Math.round(Math.abs(offsetMs) / 1000);
  const hours = String(Math.floor(totalSeconds / 3600)).padStart(2, '0');
  const minutes = String(Math.floor((totalSeconds % 3600) / 60)).padStart(2, '0');
  const seconds = totalSeconds % 60;
  return `${sign}${hours}${minutes}${seconds ? String(seconds).padStart(2, '0') : ''}`;
}
