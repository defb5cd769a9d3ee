import { badInput } from '../errors';

/** Longest template (or optional element text) an admin may save, in characters (code points). */
export const MAX_TEMPLATE_LENGTH = 1000;

/**
 * A template is literal text with `{{name}}` or `{{name|fallback}}` placeholders; whitespace inside
 * the braces is ignored. There is no logic: no conditions, loops, filters or nesting.
 *
 * Parsing never throws. Broken braces become `unclosed` (a `{{` with no `}}` before the next `{{`)
 * or `unopened` (a `}}` with no `{{`) tokens, so validation can report them and rendering can drop
 * them instead of leaking braces to a customer. Single `{` and `}` are ordinary text.
 */
export type TemplateToken =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'placeholder';
      readonly name: string;
      /** Trimmed text after the first `|`; null when absent or blank. */
      readonly fallback: string | null;
      readonly raw: string;
      /** UTF-16 offset of the opening `{{`. */
      readonly offset: number;
    }
  | { readonly kind: 'unclosed' | 'unopened'; readonly raw: string; readonly offset: number };

export type TemplateTokens = readonly TemplateToken[];

/** Parsed templates by text: a team's few templates are parsed once, not per message (bounded). */
const parsed = new Map<string, TemplateTokens>();
const PARSED_MAX = 2000;

/** The tokens of `text`, in order (remembered per text: treat them as read-only). */
export function parseTemplate(text: string): TemplateTokens {
  let tokens = parsed.get(text);
  if (tokens === undefined) {
    tokens = Object.freeze(tokenize(text));
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(text, tokens);
  }
  return tokens;
}

function tokenize(text: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') tokens.push({ kind: 'text', text: literal });
    literal = '';
  };

  let i = 0;
  while (i < text.length) {
    if (text.startsWith('{{', i)) {
      const close = text.indexOf('}}', i + 2);
      const nextOpen = text.indexOf('{{', i + 2);
      flush();
      if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
        tokens.push({ kind: 'unclosed', raw: '{{', offset: i });
        i += 2;
        continue;
      }
      const inner = text.slice(i + 2, close);
      const pipe = inner.indexOf('|');
      const name = (pipe === -1 ? inner : inner.slice(0, pipe)).trim();
      const fallback = pipe === -1 ? null : inner.slice(pipe + 1).trim() || null;
      tokens.push({ kind: 'placeholder', name, fallback, raw: text.slice(i, close + 2), offset: i });
      i = close + 2;
    } else if (text.startsWith('}}', i)) {
      flush();
      tokens.push({ kind: 'unopened', raw: '}}', offset: i });
      i += 2;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  flush();
  return tokens;
}

/** Names of the well-formed placeholders, in order of first appearance, without duplicates. */
export function placeholderNames(text: string): string[] {
  const names = new Set<string>();
  for (const token of parseTemplate(text)) if (token.kind === 'placeholder') names.add(token.name);
  return [...names];
}

/**
 * Checks a template an admin wants to save and returns its tokens. Throws BAD_USER_INPUT with
 * `field` set, reporting the first problem in this order: TEMPLATE_EMPTY, TEMPLATE_TOO_LONG, then
 * in reading order TEMPLATE_UNCLOSED_PLACEHOLDER (also for a stray `}}`: unbalanced braces are one
 * problem for the admin), TEMPLATE_EMPTY_PLACEHOLDER (`{{ }}`) or TEMPLATE_UNKNOWN_PLACEHOLDER.
 * Every error carries `details.allowedPlaceholders`.
 */
export function validateTemplate(text: string, allowedPlaceholders: readonly string[], field: string): TemplateTokens {
  const allowed = [...allowedPlaceholders];
  const allowedList = allowed.map((name) => `{{${name}}}`).join(', ');

  if (text.trim() === '') {
    throw badInput('TEMPLATE_EMPTY', `The message text is empty. Placeholders you can use: ${allowedList}.`, field, {
      allowedPlaceholders: allowed,
    });
  }
  const length = codePointLength(text);
  if (length > MAX_TEMPLATE_LENGTH) {
    throw badInput(
      'TEMPLATE_TOO_LONG',
      `The message text is ${length} characters long; at most ${MAX_TEMPLATE_LENGTH} are allowed.`,
      field,
      { length, maxLength: MAX_TEMPLATE_LENGTH, allowedPlaceholders: allowed },
    );
  }

  const tokens = parseTemplate(text);
  for (const token of tokens) {
    if (token.kind === 'text') continue;
    const position = codePointLength(text.slice(0, token.offset)) + 1;
    if (token.kind === 'unclosed') {
      throw badInput(
        'TEMPLATE_UNCLOSED_PLACEHOLDER',
        `"{{" at character ${position} is not closed with "}}" (near "${excerpt(text, token.offset)}"). ` +
          `Write placeholders as {{name}}; placeholders you can use: ${allowedList}.`,
        field,
        { position, allowedPlaceholders: allowed },
      );
    }
    if (token.kind === 'unopened') {
      throw badInput(
        'TEMPLATE_UNCLOSED_PLACEHOLDER',
        `"}}" at character ${position} has no opening "{{" (near "${excerpt(text, Math.max(0, token.offset - 20))}"). ` +
          `Write placeholders as {{name}}; placeholders you can use: ${allowedList}.`,
        field,
        { position, allowedPlaceholders: allowed },
      );
    }
    if (token.kind === 'placeholder' && token.name === '') {
      throw badInput(
        'TEMPLATE_EMPTY_PLACEHOLDER',
        `The placeholder ${token.raw} at character ${position} has no name. Placeholders you can use: ${allowedList}.`,
        field,
        { position, allowedPlaceholders: allowed },
      );
    }
    if (token.kind === 'placeholder' && !allowed.includes(token.name)) {
      const suggestion = closestName(token.name, allowed);
      const hint = suggestion === null ? '' : ` Did you mean {{${suggestion}}}?`;
      throw badInput(
        'TEMPLATE_UNKNOWN_PLACEHOLDER',
        `Unknown placeholder {{${token.name}}}.${hint} Placeholders you can use: ${allowedList}.`,
        field,
        { placeholder: token.name, suggestion, position, allowedPlaceholders: allowed },
      );
    }
  }
  return tokens;
}

/**
 * The allowed name closest to a misspelt one, or null when none is close. Case, `_`, `-` and
 * spaces are ignored ("Customer_Name" → customerName), then up to 1 edit is tolerated for short
 * names, 2 up to 8 characters and 3 beyond.
 */
export function closestName(name: string, allowed: readonly string[]): string | null {
  const wanted = normalizeName(name);
  if (wanted === '') return null;
  const threshold = wanted.length <= 4 ? 1 : wanted.length <= 8 ? 2 : 3;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const distance = editDistance(wanted, normalizeName(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= threshold ? best : null;
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Levenshtein distance (insert, delete, substitute). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Characters as a person counts them, closer than UTF-16 length: an emoji is one, not two. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}

function excerpt(text: string, offset: number): string {
  const slice = text.slice(offset, offset + 24).replace(/\s+/g, ' ');
  return offset + 24 < text.length ? `${slice}…` : slice;
}
