import { formatAmount, formatDateTime } from './format';
import { smsInfo } from './sms';

describe('formatAmount', () => {
  it.each([
    [149.9, 'EUR', 'en', '€149.90'],
    [1234.5, 'EUR', 'de', '1.234,50 €'],
    [12, 'usd', 'en', '$12.00'],
    [99.99, 'CHF', 'de', '99,99 CHF'],
    [5, 'EUR', 'not a locale!', '€5.00'],
  ])('formatAmount(%p, %p, %p) = %p', (amount, currency, locale, expected) => {
    const formatted = formatAmount(amount, currency, locale);
    expect(formatted).toBe(expected);
    expect(smsInfo(formatted).encoding).toBe('GSM_7');
  });

  it.each([
    [10, 'EURO', 'INVALID_CURRENCY'],
    [10, '', 'INVALID_CURRENCY'],
    [Number.NaN, 'EUR', 'INVALID_AMOUNT'],
  ])('rejects %p %p with %s', (amount, currency, code) => {
    expect(() => formatAmount(amount, currency, 'en')).toThrow(
      expect.objectContaining({ code, category: 'BAD_USER_INPUT' }),
    );
  });
});

describe('formatDateTime', () => {
  const mondayMorning = new Date('2026-11-30T07:00:00Z');

  it.each([
    ['Europe/Berlin', 'en', 'Mon, Nov 30, 08:00'],
    ['Europe/Berlin', 'de', 'Mo., 30. Nov., 08:00'],
    ['America/New_York', 'en', 'Mon, Nov 30, 02:00'],
    ['Europe/London', 'en', 'Mon, Nov 30, 07:00'],
  ])('in %s for %s', (zone, locale, expected) => {
    const formatted = formatDateTime(mondayMorning, zone, locale);
    expect(formatted).toBe(expected);
    expect(smsInfo(formatted).encoding).toBe('GSM_7');
  });

  it('respects daylight-saving time', () => {
    expect(formatDateTime(new Date('2026-07-06T06:00:00Z'), 'Europe/Berlin', 'en')).toBe('Mon, Jul 6, 08:00');
  });

  it('rejects an unknown time zone', () => {
    expect(() => formatDateTime(mondayMorning, 'Mars/Olympus', 'en')).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_ZONE' }),
    );
  });
});
