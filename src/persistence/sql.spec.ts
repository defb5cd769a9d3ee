import { statementName } from './prepared-pool';
import { raw, sql } from './sql';

describe('sql``', () => {
  it('numbers placeholders in order, through nested statements, with raw text spliced in as is', () => {
    const inner = sql`b = ${2}::int AND c = ${'three'}::text`;
    const s = sql`/* t */ SELECT ${raw('x, y')} FROM t WHERE a = ${1} AND ${inner} AND d = ${null}`;
    expect(s.text).toBe('/* t */ SELECT x, y FROM t WHERE a = $1 AND b = $2::int AND c = $3::text AND d = $4');
    expect(s.values).toEqual([1, 2, 'three', null]);
  });

  it('keeps a nested statement that opens or closes on a placeholder, and one nested twice', () => {
    const v = sql`${5}`;
    const s = sql`${v}, ${v}, ${sql`(${6}, ${sql`${7}`})`}`;
    expect(s.text).toBe('$1, $2, ($3, $4)');
    expect(s.values).toEqual([5, 5, 6, 7]);
  });
});

describe('statementName', () => {
  it('is the statement’s name comment and a hash of its text: the same for the same text, another for another', () => {
    const a = statementName('/* activityFacts */ SELECT 1');
    expect(a).toMatch(/^activityFacts_[0-9a-f]{12}$/);
    expect(statementName('/* activityFacts */ SELECT 1')).toBe(a);
    expect(statementName('/* activityFacts */ SELECT 2')).not.toBe(a);
  });
});

describe('statement shapes', () => {
  const at = (column: string, v: unknown) => sql`/* s */ SELECT ${raw(column)} FROM t WHERE x = ${v}`;

  it('share one text per call site and raw text, whatever the values', () => {
    expect(at('a', 1).shape).toBe(at('a', 2).shape);
    expect(at('a', 1).values).toEqual([1]);
    expect(at('b', 1).shape).not.toBe(at('a', 1).shape);
    expect(at('b', 1).text).toBe('/* s */ SELECT b FROM t WHERE x = $1');
  });

  it('tell nested shapes apart', () => {
    const outer = (inner: ReturnType<typeof at>) => sql`WITH q AS (${inner}) SELECT ${0}`;
    expect(outer(at('a', 1)).text).toBe('WITH q AS (/* s */ SELECT a FROM t WHERE x = $1) SELECT $2');
    expect(outer(at('b', 1)).text).toBe('WITH q AS (/* s */ SELECT b FROM t WHERE x = $1) SELECT $2');
  });

  it('still builds the right text past the shapes a call site keeps', () => {
    for (let i = 0; i < 100; i += 1) expect(at(`c${i}`, i).text).toBe(`/* s */ SELECT c${i} FROM t WHERE x = $1`);
  });
});
