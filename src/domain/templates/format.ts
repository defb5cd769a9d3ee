import { DateTime } from 'luxon';
import { badInput } from '../errors';

// Intl separates "149,90 €" and "8:00 AM" with no-break spaces, which are not in the GSM-7
// alphabet: one of them would turn a whole SMS into UCS-2 and halve its length.
const SPECIAL_SPACES = /[\u00A0\u2007\u2009\u202F]/g;

/**
 * An amount as the customer reads it: formatAmount(149.9, 'EUR', 'en') → "€149.90",
 * formatAmount(1234.5, 'EUR', 'de') → "1.234,50 €". Only plain spaces in the result.
 */
export function formatAmount(amount: number, currency: string, locale: string): string {
  if (!Number.isFinite(amount)) throw badInput('INVALID_AMOUNT', `The amount must be a finite number.`, 'amount');
  const code = currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    throw badInput('INVALID_CURRENCY', `"${currency}" is not an ISO 4217 currency code such as EUR.`, 'currency');
  }
  return currencyFormat(safeLocale(locale), code).format(amount).replace(SPECIAL_SPACES, ' ');
}

/** Intl formatters are costly to build and immutable: one per locale and currency, at most a few hundred. */
const currencyFormats = new Map<string, Intl.NumberFormat>();
const MAX_CURRENCY_FORMATS = 500;

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    if (currencyFormats.size < MAX_CURRENCY_FORMATS) currencyFormats.set(key, format);
  }
  return format;
}

/**
 * A point in time, short enough for an SMS, in the team's zone: short weekday, day, short month and
 * 24-hour time, as Intl writes it for the locale: en "Mon, Nov 30, 08:00", de "Mo., 30. Nov., 08:00".
 */
export function formatDateTime(date: Date, timeZone: string, locale: string): string {
  const local = DateTime.fromJSDate(date, { zone: timeZone });
  if (!local.isValid) {
    throw badInput(
      'INVALID_TIME_ZONE',
      `Cannot format a time in "${timeZone}": ${local.invalidExplanation ?? 'invalid'}.`,
    );
  }
  return local
    .setLocale(safeLocale(locale))
    .toLocaleString({
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    .replace(SPECIAL_SPACES, ' ');
}

/** A malformed locale tag formats as English instead of failing a customer's message. */
function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
