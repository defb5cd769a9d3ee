import type { z } from 'zod';

/** Runs statements: the DataSource, or a transaction's EntityManager. */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** How a row becomes a value: a zod schema, or a mapper that checks what it reads. */
export type RowParser<T> = z.ZodType<T> | ((row: unknown) => T);

/** `/* name *\/` opening every statement: it names the statement in logs, pg_stat_statements and errors. */
const NAME_COMMENT = /^\s*\/\* ([\w.-]+) \*\//;

/** The name a statement's opening comment gives it (`/* activityFacts *\/ SELECT …` → activityFacts), if any. */
export function statementLabel(sql: string): string | undefined {
  return NAME_COMMENT.exec(sql)?.[1];
}

/**
 * The one way repositories read rows: runs `sql` with `params` and parses every row with
 * `parseRow`, so a column renamed in a migration fails here, loudly, instead of flowing on as a
 * wrongly typed value. Every statement starts with a name comment (`/* readTeamPlans *\/ SELECT …`).
 */
export async function query<T>(
  executor: SqlExecutor,
  sql: string,
  params: readonly unknown[],
  parseRow: RowParser<T>,
): Promise<T[]> {
  if (!NAME_COMMENT.test(sql)) throw new Error(`SQL statement without a /* name */ comment: ${sql.slice(0, 80)}`);
  const rows = rowsOf(await executor.query(sql, [...params]));
  const parse = typeof parseRow === 'function' ? parseRow : (row: unknown) => parseRow.parse(row);
  return rows.map(parse);
}

/** The first row, or null when there is none. */
export async function queryOne<T>(
  executor: SqlExecutor,
  sql: string,
  params: readonly unknown[],
  parseRow: RowParser<T>,
): Promise<T | null> {
  const [row] = await query(executor, sql, params, parseRow);
  return row ?? null;
}

/** A statement whose rows nobody reads (it still needs its name). */
export async function execute(executor: SqlExecutor, sql: string, params: readonly unknown[]): Promise<void> {
  await query(executor, sql, params, () => undefined);
}

/**
 * TypeORM answers UPDATE and DELETE with `[rows, rowCount]` and everything else with the rows;
 * rows are objects, never arrays, so the shape tells them apart.
 */
function rowsOf(result: unknown): unknown[] {
  if (!Array.isArray(result)) return [];
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
  return result;
}

/**
 * Named inputs for wide writes: each column beside its value, so a value cannot slip into the
 * wrong column as positional parameters can. `casts` adds a type to a placeholder (`jsonb`,
 * `date`); `first` is the number of the first placeholder when others come before.
 *   const v = namedValues({ team_id: id, windows: json }, { casts: { windows: 'jsonb' } });
 *   `INSERT INTO t (${v.columns}) VALUES (${v.placeholders})`, v.params
 */
export function namedValues(
  values: Readonly<Record<string, unknown>>,
  options: { first?: number; casts?: Readonly<Record<string, string>> } = {},
): { columns: string; placeholders: string; params: unknown[] } {
  const names = Object.keys(values);
  const first = options.first ?? 1;
  return {
    columns: names.join(', '),
    placeholders: names
      .map((name, i) => `$${first + i}${options.casts?.[name] ? `::${options.casts[name]}` : ''}`)
      .join(', '),
    params: names.map((name) => values[name]),
  };
}

/**
 * A statement with its values bound where they are used: `sql\`… WHERE id = ${id}::text\`` becomes
 * `… WHERE id = $1::text` with `[id]`, so a wide write has no `$23` to count. A `Statement` placed
 * inside another is spliced in with its placeholders renumbered (CTEs built by small functions), and
 * `raw()` inserts trusted SQL text such as column lists.
 */
export class Statement {
  constructor(
    readonly shape: StatementShape,
    readonly values: unknown[],
  ) {}

  /** One more than `values`: the SQL text between the placeholders. */
  get chunks(): readonly string[] {
    return this.shape.chunks;
  }

  get text(): string {
    return this.shape.text;
  }
}

/**
 * The text of a statement without its values. A call site of `sql` with the same raw texts and
 * nested shapes always has the same shape, so it is built once and shared: the text is then the
 * same string every time (cheap to look up, e.g. as a prepared statement's name).
 */
export class StatementShape {
  private joined: string | undefined;

  constructor(readonly chunks: readonly string[]) {}

  /** The text with `$1…$n` between the chunks. */
  get text(): string {
    if (this.joined === undefined) {
      let text = this.chunks[0];
      for (let i = 1; i < this.chunks.length; i += 1) text += `$${i}${this.chunks[i]}`;
      this.joined = text;
    }
    return this.joined;
  }
}

class RawSql {
  constructor(readonly text: string) {}
}

export const raw = (text: string): RawSql => new RawSql(text);

/** What makes two uses of one template the same shape: per part, its raw text, its nested shape, or a value. */
type ShapeKey = readonly (string | StatementShape | typeof VALUE)[];
const VALUE = Symbol('value');
const shapes = new WeakMap<TemplateStringsArray, { key: ShapeKey; shape: StatementShape }[]>();
/** Shapes kept per call site; past this (raw text that varies without end) shapes are built per call. */
const SHAPES_PER_SITE = 64;

export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Statement {
  const key: ShapeKey[number][] = [];
  const values: unknown[] = [];
  for (const part of parts) {
    if (part instanceof RawSql) key.push(part.text);
    else if (part instanceof Statement) {
      key.push(part.shape);
      values.push(...part.values);
    } else {
      key.push(VALUE);
      values.push(part);
    }
  }
  let known = shapes.get(strings);
  if (!known) shapes.set(strings, (known = []));
  let shape = known.find((k) => k.key.every((part, i) => part === key[i]))?.shape;
  if (!shape) {
    shape = new StatementShape(chunksOf(strings, parts));
    if (known.length < SHAPES_PER_SITE) known.push({ key, shape });
  }
  return new Statement(shape, values);
}

function chunksOf(strings: TemplateStringsArray, parts: readonly unknown[]): string[] {
  const chunks: string[] = [strings[0]];
  // splices `text` onto the chunk being written
  const append = (text: string) => {
    chunks[chunks.length - 1] += text;
  };
  parts.forEach((part, i) => {
    if (part instanceof RawSql) append(part.text);
    else if (part instanceof Statement) {
      // a nested statement's placeholders are its own chunk boundaries: numbered when the text is built
      append(part.chunks[0]);
      chunks.push(...part.chunks.slice(1));
    } else {
      chunks.push('');
    }
    append(strings[i + 1]);
  });
  return chunks;
}

/** `parts` joined by `separator` (e.g. the CTEs a statement needs), their placeholders numbered in order. */
export function joinSql(parts: readonly Statement[], separator: string): Statement {
  return parts.reduce((joined, part) => sql`${joined}${raw(separator)}${part}`);
}
