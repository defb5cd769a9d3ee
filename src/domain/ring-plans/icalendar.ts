import ical, {
  ICalEventTransparency,
  type ICalEventData,
  type ICalTemporalInstantStub,
  type ICalTemporalPlainDateStub,
  type ICalTemporalPlainDateTimeStub,
  type ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import { DAY_MS, MINUTE_MS, parseClockTime, parseLocalDate, weekdayOfEpochDay } from './local-time';
import { DAYS_OF_WEEK, type RingPlan } from './ring-plan';
import { vtimezoneComponent } from './vtimezone';
import { zoneTimeline } from './zone-timeline';

export interface RingPlanCalendarOptions {
  teamId: string;
  /** DTSTAMP and the horizon of the generated VTIMEZONEs; defaults to the current time. */
  now?: Date;
}

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/**
 * Exports a team's enabled ring plans as an iCalendar document (RFC 5545):
 * - one weekly VEVENT per window (RRULE FREQ=WEEKLY;BYDAY=…), DTSTART/DTEND as wall times with the
 *   plan's TZID; an overnight window ends on the next day;
 * - a plan without windows becomes an all-day event repeating daily (a single all-day event when
 *   validFrom = validUntil);
 * - recurrence starts on the first matching date on/after validFrom, or on/after the local date the
 *   plan was created when validFrom is open; validUntil becomes UNTIL (the last instant of that local
 *   date, in UTC, as RFC 5545 requires with a TZID start; a DATE for all-day events);
 * - CLOSED plans are marked as closures: summary "Closed: …", CATEGORIES:CLOSURE, TRANSP:OPAQUE;
 *   OPEN plans get CATEGORIES:BUSINESS HOURS, TRANSP:TRANSPARENT;
 * - calendars cannot say "the newest plan wins", so each event carries X-RING-PLAN-ID, -KIND and
 *   -SEQUENCE for consumers that need the precedence;
 * - VTIMEZONE components are generated offline from the runtime's tz data (vtimezone.ts).
 * Disabled plans are left out. Calendar clients read a DTSTART inside a DST gap by the RFC rule
 * (shifted by the gap), which can differ from the service's "next existing instant" by the gap.
 */
export function ringPlansToICalendar(plans: readonly RingPlan[], options: RingPlanCalendarOptions): string {
  const now = options.now ?? new Date();
  const events: ICalEventData[] = [];
  let firstYear = Number.POSITIVE_INFINITY;

  for (const plan of [...plans].filter((p) => p.enabled).sort((a, b) => a.sequence - b.sequence)) {
    const planned = planEvents(plan, now);
    events.push(...planned.events);
    firstYear = Math.min(firstYear, planned.firstYear);
  }

  const lastYear = Math.max(Number.isFinite(firstYear) ? firstYear : 0, now.getUTCFullYear()) + 2;
  const calendar = ical({
    name: `Ring plans of team ${options.teamId}`,
    description: 'Business hours (open) and closures of the team; newer plans take precedence over older ones.',
    prodId: { company: 'chat-automation', product: 'ring-plans', language: 'EN' },
    timezone: {
      name: null,
      generator: (zone) => vtimezoneComponent(zone, Number.isFinite(firstYear) ? firstYear : lastYear - 2, lastYear),
    },
  });
  for (const event of events) calendar.createEvent(event);
  return calendar.toString();
}

/** One plan's events: a daily all-day series for a plan without windows, else a weekly series per window. */
function planEvents(plan: RingPlan, now: Date): { events: ICalEventData[]; firstYear: number } {
  const events: ICalEventData[] = [];
  let firstYear = Number.POSITIVE_INFINITY;
  const timeline = zoneTimeline(plan.timeZone);
  const anchor =
    plan.validFrom !== null
      ? requireDate(plan.validFrom)
      : Math.floor(timeline.localMsAt(plan.createdAt.getTime()) / DAY_MS);
  const lastDay = plan.validUntil === null ? null : requireDate(plan.validUntil);
  const common = planProperties(plan, now);

  if (plan.windows.length === 0) {
    if (lastDay !== null && lastDay < anchor) return { events, firstYear };
    const single = lastDay === anchor;
    events.push({
      ...common,
      id: `ring-plan-${plan.id}-days@chat-automation`,
      allDay: true,
      start: wallClock(anchor * DAY_MS, plan.timeZone),
      end: wallClock((anchor + 1) * DAY_MS, plan.timeZone),
      repeating: single ? null : `FREQ=DAILY${lastDay === null ? '' : `;UNTIL=${formatLocalDate(lastDay)}`}`,
    });
    firstYear = Math.min(firstYear, new Date(anchor * DAY_MS).getUTCFullYear());
    return { events, firstYear };
  }

  const until = lastDay === null ? '' : `;UNTIL=${formatUtc(timeline.firstInstantAt((lastDay + 1) * DAY_MS) - 1000)}`;
  plan.windows.forEach((window, index) => {
    const weekday = DAYS_OF_WEEK.indexOf(window.day);
    const opens = parseClockTime(window.opens);
    const closes = parseClockTime(window.closes);
    if (weekday < 0 || opens === null || closes === null) {
      throw new Error(`Ring plan ${plan.id} has a malformed window ${JSON.stringify(window)}`);
    }
    const firstDay = anchor + ((weekday - weekdayOfEpochDay(anchor) + 7) % 7);
    if (lastDay !== null && firstDay > lastDay) return;
    const start = firstDay * DAY_MS + opens * MINUTE_MS;
    const end = (closes > opens ? firstDay : firstDay + 1) * DAY_MS + closes * MINUTE_MS;
    events.push({
      ...common,
      id: `ring-plan-${plan.id}-${index}@chat-automation`,
      timezone: plan.timeZone,
      start: wallClock(start, plan.timeZone),
      end: wallClock(end, plan.timeZone),
      repeating: `FREQ=WEEKLY;BYDAY=${BYDAY[weekday]}${until}`,
    });
    firstYear = Math.min(firstYear, new Date(firstDay * DAY_MS).getUTCFullYear());
  });
  return { events, firstYear };
}

function planProperties(plan: RingPlan, now: Date): Omit<ICalEventData, 'start'> {
  const closed = plan.kind === 'CLOSED';
  return {
    stamp: now,
    summary: closed ? `Closed: ${plan.name}` : plan.name,
    description: closed
      ? `Closure: the team is outside business hours while this plan applies (ring plan "${plan.name}").`
      : `Business hours: the team is open while this plan applies (ring plan "${plan.name}").`,
    categories: [{ name: closed ? 'CLOSURE' : 'BUSINESS HOURS' }],
    transparency: closed ? ICalEventTransparency.OPAQUE : ICalEventTransparency.TRANSPARENT,
    x: [
      ['X-RING-PLAN-ID', plan.id],
      ['X-RING-PLAN-KIND', plan.kind],
      ['X-RING-PLAN-SEQUENCE', String(plan.sequence)],
      ['X-RING-PLAN-TIME-ZONE', plan.timeZone],
    ],
  };
}

function requireDate(value: string): number {
  const day = parseLocalDate(value);
  if (day === null) throw new Error(`Malformed ring plan date "${value}"`);
  return day;
}

function formatLocalDate(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

function formatUtc(instant: number): string {
  return `${new Date(instant).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/**
 * A wall-clock date-time in ical-generator's Temporal shape: it prints the local fields as they are
 * (with the event's TZID), where a Date or luxon DateTime would be converted and a wall time inside
 * a DST gap would be shifted.
 */
function wallClock(localMs: number, zone: string): ICalTemporalPlainDateTimeStub {
  const fields = new Date(localMs);
  const year = fields.getUTCFullYear();
  const month = fields.getUTCMonth() + 1;
  const day = fields.getUTCDate();
  const hour = fields.getUTCHours();
  const minute = fields.getUTCMinutes();
  const iso = fields.toISOString().slice(0, 19);
  const instant = (): ICalTemporalInstantStub => {
    const epochMilliseconds = zoneTimeline(zone).firstInstantAt(localMs);
    return {
      epochMilliseconds,
      toJSON: () => new Date(epochMilliseconds).toISOString(),
      toString: () => new Date(epochMilliseconds).toISOString(),
      toZonedDateTimeISO: () => zoned,
    };
  };
  const plainDate: ICalTemporalPlainDateStub = {
    year,
    month,
    day,
    toJSON: () => iso.slice(0, 10),
    toString: () => iso.slice(0, 10),
  };
  const plain: ICalTemporalPlainDateTimeStub = {
    year,
    month,
    day,
    hour,
    minute,
    second: 0,
    toPlainDate: () => plainDate,
    toZonedDateTime: () => zoned,
    toJSON: () => iso,
    toString: () => iso,
  };
  const zoned: ICalTemporalZonedDateTimeStub = {
    year,
    month,
    day,
    hour,
    minute,
    second: 0,
    timeZoneId: zone,
    toInstant: instant,
    toPlainDateTime: () => plain,
    withTimeZone: () => zoned,
    toJSON: () => `${iso}[${zone}]`,
    toString: () => `${iso}[${zone}]`,
  };
  return plain;
}
