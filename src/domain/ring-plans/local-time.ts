/**
 * Wall-clock arithmetic without time zones. A "local ms" value is a local date and time written
 * as if it were a UTC epoch instant (2026-03-29 02:30 local → Date.UTC(2026, 2, 29, 2, 30)); an
 * "epoch day" is the number of whole days since 1970-01-01.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** Minutes after midnight for "HH:MM" (00:00–23:59, or 24:00 → 1440); null when malformed. */
export function parseClockTime(value: string): number | null {
  // Hand-rolled rather than a regex: compiling a team's schedule parses every window.
  if (value.length !== 5 || value.charCodeAt(2) !== 58 /* : */) return null;
  const h1 = digit(value, 0);
  const h2 = digit(value, 1);
  const m1 = digit(value, 3);
  const m2 = digit(value, 4);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return null;
  const hours = h1 * 10 + h2;
  const minutes = m1 * 10 + m2;
  if (hours === 24 && minutes === 0) return MINUTES_PER_DAY;
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Epoch day of a real calendar date "YYYY-MM-DD" (2026-02-30 is refused); null when malformed. */
export function parseLocalDate(value: string): number | null {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 /* - */ || value.charCodeAt(7) !== 45) return null;
  const year = number(value, 0, 4);
  const month = number(value, 5, 7);
  const day = number(value, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return epochDayOf(year, month, day);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function formatLocalDate(epochDay: number): string {
  const date = new Date(epochDay * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  return `${year}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** 0 = Monday … 6 = Sunday (the index into DAYS_OF_WEEK); 1970-01-01 was a Thursday. */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(value: string, index: number): number {
  const code = value.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

function number(value: string, from: number, to: number): number {
  let result = 0;
  for (let i = from; i < to; i++) {
    const d = digit(value, i);
    if (d < 0) return -1;
    result = result * 10 + d;
  }
  return result;
}
