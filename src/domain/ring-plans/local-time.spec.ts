import {
  epochDayOf,
  formatClockTime,
  formatLocalDate,
  parseClockTime,
  parseLocalDate,
  weekdayOfEpochDay,
} from './local-time';

describe('local time helpers', () => {
  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
    ['24:00', 1440],
    ['24:01', null],
    ['25:00', null],
    ['12:60', null],
    ['8:30', null],
    ['08:30:00', null],
    ['0a:30', null],
    ['08-30', null],
    ['', null],
  ])('parseClockTime(%j) = %j', (value, expected) => {
    expect(parseClockTime(value)).toBe(expected);
  });

  it.each([
    ['1970-01-01', 0],
    ['2026-03-29', Date.UTC(2026, 2, 29) / 86_400_000],
    ['2000-02-29', Date.UTC(2000, 1, 29) / 86_400_000],
    ['1969-12-31', -1],
    ['2026-02-29', null],
    ['1900-02-29', null],
    ['2026-13-01', null],
    ['2026-00-10', null],
    ['2026-1-01', null],
    ['26-01-01', null],
    ['2026/01/01', null],
  ])('parseLocalDate(%j) = %j', (value, expected) => {
    expect(parseLocalDate(value)).toBe(expected);
  });

  it('round-trips dates and agrees with Date.UTC over four centuries', () => {
    for (let day = epochDayOf(1800, 1, 1); day < epochDayOf(2200, 1, 1); day += 37) {
      const iso = formatLocalDate(day);
      expect(parseLocalDate(iso)).toBe(day);
      const date = new Date(day * 86_400_000);
      expect(epochDayOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(day);
      expect(weekdayOfEpochDay(day)).toBe((date.getUTCDay() + 6) % 7);
    }
  });

  it('formats clock times', () => {
    expect(formatClockTime(0)).toBe('00:00');
    expect(formatClockTime(1440)).toBe('24:00');
    expect(formatClockTime(545)).toBe('09:05');
  });
});
