/**
 * Opt-out keywords on SMS/WhatsApp (PRODUCT.md §2 "OPTED_OUT"). Only a message that is nothing
 * but the keyword counts, so "please stop calling me at work" is a conversation, not an opt-out.
 * Besides the usual carrier keywords, the German "STOPP" opts out: German-speaking teams are
 * half of our users and it is what their customers type.
 */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

export type OptOutCommand = 'OPT_OUT' | 'OPT_IN';

const TRAILING_PUNCTUATION = /[\s.!?,;:¡¿]+$/u;

/** The opt-out command a whole inbound message amounts to, or null for any other text. */
export function optOutKeyword(body?: string | null): OptOutCommand | null {
  if (body == null) return null;
  const word = body.trim().replace(TRAILING_PUNCTUATION, '').toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return 'OPT_OUT';
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return 'OPT_IN';
  return null;
}
