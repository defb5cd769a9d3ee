export type SmsEncoding = 'GSM_7' | 'UCS_2';

export interface SmsInfo {
  /** Characters as the customer sees them, counted in Unicode code points (an emoji is 1). */
  readonly length: number;
  readonly encoding: SmsEncoding;
  /** SMS parts the text is sent in; 0 for an empty text (nothing is sent). */
  readonly segments: number;
  /** What the network counts: GSM-7 septets (extension characters are 2) or UTF-16 code units. */
  readonly units: number;
}

/** Units per SMS: a single message, and each part of a concatenated one (the rest is the UDH). */
export const SMS_LIMITS: Readonly<Record<SmsEncoding, { readonly single: number; readonly part: number }>> = {
  GSM_7: { single: 160, part: 153 },
  UCS_2: { single: 70, part: 67 },
};

/** GSM 03.38 default alphabet (3GPP TS 23.038), without the escape code 0x1B. */
export const GSM_BASIC_CHARACTERS =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** GSM 03.38 extension table: each costs two septets (escape + code). */
export const GSM_EXTENSION_CHARACTERS = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC_CHARACTERS);
const EXTENSION = new Set(GSM_EXTENSION_CHARACTERS);

/**
 * How a text goes out by SMS. It is GSM-7 when every character is in the default alphabet or its
 * extension table, otherwise UCS-2 (one character outside GSM-7, e.g. an emoji or a curly quote,
 * switches the whole message). Parts are packed the way phones split them: an extension character
 * or a surrogate pair is never split across two parts, so a boundary can cost an extra part.
 */
export function smsInfo(text: string): SmsInfo {
  const characters = Array.from(text);
  const gsm = characters.every((c) => BASIC.has(c) || EXTENSION.has(c));
  const encoding: SmsEncoding = gsm ? 'GSM_7' : 'UCS_2';
  const sizes = characters.map((c) => (gsm ? (EXTENSION.has(c) ? 2 : 1) : c.length));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  return { length: characters.length, encoding, segments: countSegments(sizes, units, SMS_LIMITS[encoding]), units };
}

function countSegments(sizes: readonly number[], units: number, limits: { single: number; part: number }): number {
  if (units === 0) return 0;
  if (units <= limits.single) return 1;
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limits.part) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}
