/**
 * A statement with its values bound by name where they are used: `sql\`… WHERE id = ${id}::text\``
 * becomes `… WHERE id = $1::text` with `[id]`. Wide writes stay readable (no `$23` to count), and
 * `raw()` inserts trusted SQL text such as column lists.
 */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

const RAW = Symbol('raw sql');

export interface Raw {
  readonly [RAW]: string;
}

export const raw = (text: string): Raw => ({ [RAW]: text });

export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Statement {
  const values: unknown[] = [];
  let text = strings[0];
  parts.forEach((part, i) => {
    if (typeof part === 'object' && part !== null && RAW in part) text += (part as Raw)[RAW];
    else {
      values.push(part);
      text += `$${values.length}`;
    }
    text += strings[i + 1];
  });
  return { text, values };
}
