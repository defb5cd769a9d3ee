import { parseTemplate } from './template';

/** Values by placeholder name; undefined, null and blank all count as "no value". */
export type TemplateValues = Readonly<Record<string, string | undefined | null>>;

// Marks where a placeholder rendered empty, so tidying only touches those seams and leaves the
// admin's own punctuation alone. A private-use character never appears in real messages.
const GAP = '\uE000';
const GAPS = `(?:${GAP}[ \\t]*)+`;

const TIDY_RULES: readonly (readonly [RegExp, string | ((match: string) => string)])[] = [
  // "Hi (S) there" → "Hi there": parentheses left empty.
  [new RegExp(`[ \\t]*\\([ \\t]*${GAPS}\\)`, 'g'), ''],
  // "Thanks, S!" → "Thanks!"; "Pay here: S" → "Pay here".
  [new RegExp(`[ \\t]*[,;:][ \\t]*${GAPS}(?=[.!?]|$)`, 'gm'), ''],
  // "S, thanks" at the start of a line → "thanks".
  [new RegExp(`^([ \\t]*)${GAPS}[,;:][ \\t]*`, 'gm'), '$1'],
  // A gap at the start or end of a line leaves no whitespace behind.
  [new RegExp(`^[ \\t]*${GAPS}`, 'gm'), ''],
  [new RegExp(`[ \\t]*${GAPS}$`, 'gm'), ''],
  // "Hi S, sorry" → "Hi, sorry": no space before punctuation.
  [new RegExp(`[ \\t]*${GAPS}(?=[,.!?:;])`, 'g'), ''],
  // "Hello S world" → "Hello world".
  [new RegExp(`[ \\t]*${GAPS}`, 'g'), (match) => (/[ \t]/.test(match) ? ' ' : '')],
  [/[ \t]{2,}/g, ' '],
  [/[ \t]+$/gm, ''],
  [/\n{3,}/g, '\n\n'],
];

/**
 * Renders a template for a customer. A placeholder with a value is replaced by the trimmed value;
 * without one, its fallback is used, or it renders empty and the whitespace and punctuation around
 * it are tidied. Broken braces are dropped: the result never contains `{{` from the template.
 * Runs of spaces are collapsed and the result is trimmed.
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  let out = '';
  for (const token of parseTemplate(text.replaceAll(GAP, ''))) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'placeholder') out += lookup(values, token.name) ?? token.fallback ?? GAP;
  }
  for (const [pattern, replacement] of TIDY_RULES) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out.replaceAll(GAP, '').trim();
}

/**
 * Placeholders that would render empty: no value and no fallback. Used to leave out an optional
 * sentence that would make no sense without its value ("Your ticket number is .").
 */
export function missingPlaceholders(text: string, values: TemplateValues): string[] {
  const missing = new Set<string>();
  for (const token of parseTemplate(text)) {
    if (token.kind === 'placeholder' && token.fallback === null && lookup(values, token.name) === null) {
      missing.add(token.name);
    }
  }
  return [...missing];
}

function lookup(values: TemplateValues, name: string): string | null {
  // Own properties only: a placeholder named "constructor" must not find Object.prototype's.
  if (!Object.hasOwn(values, name)) return null;
  const value: unknown = values[name];
  if (value === undefined || value === null) return null;
  const text = String(value).replaceAll(GAP, '').trim();
  return text === '' ? null : text;
}
