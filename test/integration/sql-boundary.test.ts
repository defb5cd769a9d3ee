import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/persistence/data-source';
import { lockTeamRow, rowToStored, teamRowSchema, TEAM_COLUMNS } from '../../src/persistence/repositories/team-row';
import { execute, namedValues, query, queryOne } from '../../src/persistence/sql';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

// The typed SQL boundary against a real PostgreSQL: every row parsed, every statement named.
let db: TestDatabase;
let ds: DataSource;
let statements = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = createDataSource({ url: db.url, poolSize: 2, onStatement: () => statements++ });
  await ds.initialize();
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const teamId = () => `sql-${Math.random().toString(36).slice(2, 10)}`;

describe('query(executor, sql, params, parseRow)', () => {
  it("returns the rows of an UPDATE … RETURNING like those of a SELECT (not TypeORM's [rows, rowCount])", async () => {
    const id = teamId();
    await ds.transaction((em) => lockTeamRow(em, id, 'id', z.object({ id: z.string() })));
    const updated = await query(
      ds,
      `/* renameTeam */ UPDATE team SET team_name = $2 WHERE id = $1 RETURNING id, team_name`,
      [id, 'Support'],
      z.object({ id: z.string(), team_name: z.string() }),
    );
    expect(updated).toEqual([{ id, team_name: 'Support' }]);
    const none = await query(
      ds,
      `/* renameTeam */ UPDATE team SET team_name = $2 WHERE id = $1 RETURNING id`,
      ['nobody', 'x'],
      z.object({ id: z.string() }),
    );
    expect(none).toEqual([]);
  });

  it('refuses a statement without a /* name */ comment before sending it', async () => {
    const before = statements;
    await expect(query(ds, 'SELECT 1 AS one', [], z.object({ one: z.number() }))).rejects.toThrow(/name/);
    await expect(execute(ds, 'DELETE FROM team WHERE id = $1', ['x'])).rejects.toThrow(/name/);
    expect(statements).toBe(before);
  });

  it('fails loudly when a row does not have the shape the parser expects', async () => {
    await expect(
      query(ds, `/* wrongShape */ SELECT 1::text AS one`, [], z.object({ one: z.number() })),
    ).rejects.toThrow(z.ZodError);
  });

  it('takes a mapper as well as a schema, and queryOne answers null for no row', async () => {
    const rows = await query(ds, `/* two */ SELECT 2 AS n`, [], (row) => z.object({ n: z.number() }).parse(row).n * 10);
    expect(rows).toEqual([20]);
    expect(
      await queryOne(ds, `/* noTeam */ SELECT id FROM team WHERE id = $1`, ['nobody'], z.object({ id: z.string() })),
    ).toBeNull();
  });
});

describe('the team row', () => {
  it('parses team.responses with its zod schema and fills in defaults', async () => {
    const id = teamId();
    await ds.transaction((em) => lockTeamRow(em, id, 'id', z.object({ id: z.string() })));
    await execute(ds, `/* storeResponses */ UPDATE team SET responses = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify({ MISSED_CALL: { enabled: false, cooldownMinutes: 30 } }),
    ]);
    const row = await queryOne(
      ds,
      `/* readTeam */ SELECT ${TEAM_COLUMNS} FROM team WHERE id = $1`,
      [id],
      teamRowSchema,
    );
    const stored = rowToStored(row!);
    expect(stored.data.responses.MISSED_CALL).toEqual({
      enabled: false,
      templates: {},
      optionalElements: {},
      cooldownMinutes: 30,
    });
    expect(stored.data.responses.VOICEMAIL_LEFT).toEqual({
      enabled: true,
      templates: {},
      optionalElements: {},
      cooldownMinutes: null,
    });
  });

  it('refuses a team.responses whose values have the wrong type instead of passing them on', async () => {
    const id = teamId();
    await ds.transaction((em) => lockTeamRow(em, id, 'id', z.object({ id: z.string() })));
    await execute(ds, `/* storeResponses */ UPDATE team SET responses = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify({ MISSED_CALL: { enabled: 'no', cooldownMinutes: 'soon' } }),
    ]);
    const row = await queryOne(
      ds,
      `/* readTeam */ SELECT ${TEAM_COLUMNS} FROM team WHERE id = $1`,
      [id],
      teamRowSchema,
    );
    expect(() => rowToStored(row!)).toThrow(z.ZodError);
  });
});

describe('namedValues', () => {
  it('writes each value into the column named beside it, with the casts asked for', async () => {
    const id = teamId();
    await ds.transaction((em) => lockTeamRow(em, id, 'id', z.object({ id: z.string() })));
    const v = namedValues(
      {
        team_id: id,
        name: 'Week',
        enabled: true,
        time_zone: 'Europe/Berlin',
        kind: 'OPEN',
        valid_from: '2026-01-05',
        windows: '[]',
      },
      { casts: { valid_from: 'date', windows: 'jsonb' } },
    );
    expect(v.placeholders).toBe('$1, $2, $3, $4, $5, $6::date, $7::jsonb');
    const [row] = await query(
      ds,
      `/* insertPlan */ INSERT INTO ring_plan (${v.columns}) VALUES (${v.placeholders})
       RETURNING team_id, name, time_zone, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, windows`,
      v.params,
      z.object({
        team_id: z.string(),
        name: z.string(),
        time_zone: z.string(),
        valid_from: z.string(),
        windows: z.array(z.unknown()),
      }),
    );
    expect(row).toEqual({
      team_id: id,
      name: 'Week',
      time_zone: 'Europe/Berlin',
      valid_from: '2026-01-05',
      windows: [],
    });
  });
});
