import { ringPlansToICalendar } from './icalendar';
import { ringPlan, WEEKDAYS, windowsOn } from './ring-plan.fixtures';

const now = new Date('2026-03-01T12:00:00Z');

/** Unfolds RFC 5545 content lines and returns the VEVENT blocks as line lists. */
function parse(ics: string): { lines: string[]; events: string[][] } {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = [];
    else if (line === 'END:VEVENT') {
      events.push(current as string[]);
      current = null;
    } else if (current) current.push(line);
  }
  return { lines, events };
}

const property = (event: string[], name: string) => event.find((line) => line.startsWith(name));

describe('ringPlansToICalendar', () => {
  const office = ringPlan({
    id: 'office',
    name: 'Office',
    validFrom: '2026-01-01',
    validUntil: '2026-12-31',
    windows: [...windowsOn(WEEKDAYS, '08:00', '17:00'), { day: 'SUNDAY', opens: '22:00', closes: '06:00' }],
  });
  const christmas = ringPlan({
    id: 'xmas',
    name: 'Christmas',
    kind: 'CLOSED',
    validFrom: '2026-12-24',
    validUntil: '2026-12-26',
  });
  const newYear = ringPlan({
    id: 'ny',
    name: 'New Year',
    kind: 'CLOSED',
    validFrom: '2027-01-01',
    validUntil: '2027-01-01',
  });
  const newYork = ringPlan({
    id: 'nyc',
    name: 'NYC desk',
    timeZone: 'America/New_York',
    createdAt: new Date('2026-02-10T15:00:00Z'),
    windows: windowsOn(['FRIDAY'], '09:00', '24:00'),
  });
  const disabled = ringPlan({
    id: 'off',
    name: 'Old hours',
    enabled: false,
    windows: windowsOn(['MONDAY'], '07:00', '08:00'),
  });
  const ics = ringPlansToICalendar([office, christmas, newYear, newYork, disabled], { teamId: 'team-7', now });
  const { lines, events } = parse(ics);

  it('is a calendar with one event per window or whole-day plan, without disabled plans', () => {
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(events).toHaveLength(6 + 2 + 1);
    expect(ics).not.toContain('Old hours');
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('repeats windows weekly from the first matching date, in the plan zone, until validUntil', () => {
    const monday = events.find((event) => property(event, 'RRULE')?.includes('BYDAY=MO')) as string[];
    expect(property(monday, 'RRULE')).toBe('RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231T225959Z');
    expect(property(monday, 'DTSTART')).toBe('DTSTART;TZID=Europe/Berlin:20260105T080000');
    expect(property(monday, 'DTEND')).toBe('DTEND;TZID=Europe/Berlin:20260105T170000');
    expect(property(monday, 'SUMMARY')).toBe('SUMMARY:Office');
    expect(property(monday, 'TRANSP')).toBe('TRANSP:TRANSPARENT');
    expect(property(monday, 'X-RING-PLAN-SEQUENCE')).toBe(`X-RING-PLAN-SEQUENCE:${office.sequence}`);
    const thursday = events.find((event) => property(event, 'RRULE')?.includes('BYDAY=TH')) as string[];
    expect(property(thursday, 'DTSTART')).toBe('DTSTART;TZID=Europe/Berlin:20260101T080000');
  });

  it('ends overnight windows on the next day', () => {
    const sunday = events.find((event) => property(event, 'RRULE')?.includes('BYDAY=SU')) as string[];
    expect(property(sunday, 'DTSTART')).toBe('DTSTART;TZID=Europe/Berlin:20260104T220000');
    expect(property(sunday, 'DTEND')).toBe('DTEND;TZID=Europe/Berlin:20260105T060000');
  });

  it('anchors open-ended plans on their creation date and supports 24:00', () => {
    const friday = events.find((event) => property(event, 'DTSTART')?.includes('America/New_York')) as string[];
    expect(property(friday, 'DTSTART')).toBe('DTSTART;TZID=America/New_York:20260213T090000');
    expect(property(friday, 'DTEND')).toBe('DTEND;TZID=America/New_York:20260214T000000');
    expect(property(friday, 'RRULE')).toBe('RRULE:FREQ=WEEKLY;BYDAY=FR');
  });

  it('marks closures and exports whole-day plans as daily all-day events', () => {
    const [xmas] = events.filter((event) => property(event, 'X-RING-PLAN-ID')?.endsWith(':xmas'));
    expect(xmas).toEqual(
      expect.arrayContaining([
        'DTSTART;VALUE=DATE:20261224',
        'DTEND;VALUE=DATE:20261225',
        'RRULE:FREQ=DAILY;UNTIL=20261226',
        'SUMMARY:Closed: Christmas',
        'CATEGORIES:CLOSURE',
        'TRANSP:OPAQUE',
        'X-RING-PLAN-KIND:CLOSED',
      ]),
    );
    const [single] = events.filter((event) => property(event, 'X-RING-PLAN-ID')?.endsWith(':ny'));
    expect(property(single, 'DTSTART')).toBe('DTSTART;VALUE=DATE:20270101');
    expect(property(single, 'RRULE')).toBeUndefined();
  });

  it('carries VTIMEZONE components generated offline, with the yearly DST rules', () => {
    expect(lines).toContain('TZID:Europe/Berlin');
    expect(lines).toContain('TZID:America/New_York');
    expect(lines).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(lines).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    expect(lines).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU');
    expect(lines).toContain('RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU');
    expect(lines.filter((line) => line === 'BEGIN:VTIMEZONE')).toHaveLength(2);
    expect(lines.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(lines.indexOf('BEGIN:VEVENT'));
  });

  it('writes wall times as entered even inside a DST gap', () => {
    const gap = ringPlan({ validFrom: '2026-03-29', windows: windowsOn(['SUNDAY'], '02:30', '04:00') });
    const [event] = parse(ringPlansToICalendar([gap], { teamId: 't', now })).events;
    expect(property(event, 'DTSTART')).toBe('DTSTART;TZID=Europe/Berlin:20260329T023000');
  });

  it('leaves out windows that never occur within the validity', () => {
    const oneDay = ringPlan({
      validFrom: '2026-12-24',
      validUntil: '2026-12-24',
      windows: windowsOn(['THURSDAY', 'FRIDAY'], '12:00', '24:00'),
    });
    const { events: only } = parse(ringPlansToICalendar([oneDay], { teamId: 't', now }));
    expect(only).toHaveLength(1);
    expect(property(only[0], 'RRULE')).toBe('RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20261224T225959Z');
  });

  it('exports an empty calendar for a team without plans', () => {
    const { lines: empty, events: none } = parse(ringPlansToICalendar([], { teamId: 't', now }));
    expect(none).toHaveLength(0);
    expect(empty[0]).toBe('BEGIN:VCALENDAR');
  });
});
