import { IANAZone } from 'luxon';

/** Zones already found valid: the tz database is finite (~600 names) and does not change while we run. */
const valid = new Set<string>();

/**
 * Whether `zone` is an IANA time zone this runtime knows. luxon's check builds an Intl formatter on
 * every call (a tenth of a millisecond, most of a settings preview), so valid answers are kept;
 * invalid ones are not (they are rare, and bad input must not grow the set).
 */
export function isValidTimeZone(zone: string): boolean {
  if (valid.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  valid.add(zone);
  return true;
}
