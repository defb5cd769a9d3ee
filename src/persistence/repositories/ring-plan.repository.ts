import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { RingPlanRepository, RingPlanFields, StoredRingPlan, TeamRingPlans } from '../../domain/ports';
import { DAYS_OF_WEEK, RING_PLAN_KINDS } from '../../domain/ring-plans/ring-plan';
import { execute, namedValues, query, queryOne, type SqlExecutor } from '../sql';
import { TEAM_CHANGES_CHANNEL, teamChangePayloadSql } from '../team-changes';
import { lockTeamRow } from './team-row';

// `date` columns go out as text: node-pg would turn them into a JS Date at the server's local
// midnight, which is not what a local date is. bigserial arrives as text too; plan counts stay far
// below 2^53, so Number() is exact.
const PLAN_COLUMNS = `p.id, p.team_id, p.sequence::text AS sequence, p.name, p.enabled, p.time_zone, p.kind,
  to_char(p.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until,
  p.windows, p.created_at, p.updated_at`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `ring_plan.windows` (jsonb): the weekly opening windows. */
const windowsSchema = z.array(z.object({ day: z.enum(DAYS_OF_WEEK), opens: z.string(), closes: z.string() }));

const planRow = z.object({
  id: z.string(),
  team_id: z.string(),
  sequence: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  time_zone: z.string(),
  kind: z.enum(RING_PLAN_KINDS),
  valid_from: z.string().nullable(),
  valid_until: z.string().nullable(),
  windows: windowsSchema,
  created_at: z.date(),
  updated_at: z.date(),
});
type PlanRow = z.infer<typeof planRow>;

/** A plan joined to the team it was asked for: the plan columns are null for a team without plans. */
const teamPlanRow = z.union([
  planRow.extend({ wanted_team_id: z.string(), version: z.number().int() }),
  z.object({ wanted_team_id: z.string(), version: z.number().int(), id: z.null() }),
]);

const teamIdRow = z.object({ team_id: z.string() });
const countRow = z.object({ count: z.number().int() });

function rowToPlan(row: PlanRow): StoredRingPlan {
  return {
    id: row.id,
    teamId: row.team_id,
    sequence: Number(row.sequence),
    name: row.name,
    enabled: row.enabled,
    timeZone: row.time_zone,
    kind: row.kind,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    windows: row.windows.map((w) => ({ day: w.day, opens: w.opens, closes: w.closes })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The plan's fields as `$2`…`$8` of the update. */
function fieldParams(fields: RingPlanFields): unknown[] {
  return [
    fields.name,
    fields.enabled,
    fields.timeZone,
    fields.kind,
    fields.validFrom,
    fields.validUntil,
    windowsJson(fields),
  ];
}

function windowsJson(fields: RingPlanFields): string {
  return JSON.stringify(fields.windows.map((w) => ({ day: w.day, opens: w.opens, closes: w.closes })));
}

/** Ring plans in PostgreSQL; every change also bumps `team.ring_plans_version` in its transaction. */
export class PgRingPlanRepository implements RingPlanRepository {
  constructor(private readonly ds: DataSource) {}

  async listByTeam(teamId: string): Promise<TeamRingPlans> {
    return (await this.listByTeams([teamId])).get(teamId)!;
  }

  listByTeams(teamIds: readonly string[]): Promise<Map<string, TeamRingPlans>> {
    return readTeamRingPlans(this.ds.manager, teamIds);
  }

  async findById(id: string): Promise<StoredRingPlan | null> {
    if (!UUID.test(id)) return null;
    const row = await queryOne(
      this.ds,
      `/* findRingPlan */ SELECT ${PLAN_COLUMNS} FROM ring_plan p WHERE p.id = $1`,
      [id],
      planRow,
    );
    return row ? rowToPlan(row) : null;
  }

  async create(teamId: string, fields: RingPlanFields, assertCanAdd: (count: number) => void): Promise<StoredRingPlan> {
    return this.ds.transaction(async (em) => {
      await lockTeamRow(em, teamId, 'id', z.object({ id: z.string() }));
      // Counted in a statement of its own, after the lock: a count in the locking statement would
      // read the snapshot from before a concurrent create committed, and 30 racing creates would
      // all see 24.
      const [{ count }] = await query(
        em,
        `/* countRingPlans */ SELECT count(*)::int AS count FROM ring_plan WHERE team_id = $1`,
        [teamId],
        countRow,
      );
      assertCanAdd(count);
      const insert = namedValues(
        {
          team_id: teamId,
          name: fields.name,
          enabled: fields.enabled,
          time_zone: fields.timeZone,
          kind: fields.kind,
          valid_from: fields.validFrom,
          valid_until: fields.validUntil,
          windows: windowsJson(fields),
        },
        { casts: { valid_from: 'date', valid_until: 'date', windows: 'jsonb' } },
      );
      const [row] = await query(
        em,
        `/* insertRingPlan */ INSERT INTO ring_plan AS p (${insert.columns}) VALUES (${insert.placeholders}) RETURNING ${PLAN_COLUMNS}`,
        insert.params,
        planRow,
      );
      await bumpVersion(em, teamId);
      return rowToPlan(row);
    });
  }

  async update(id: string, change: (current: StoredRingPlan) => RingPlanFields): Promise<StoredRingPlan | null> {
    if (!UUID.test(id)) return null;
    return this.ds.transaction(async (em) => {
      const current = await queryOne(
        em,
        `/* lockRingPlan */ SELECT ${PLAN_COLUMNS} FROM ring_plan p WHERE p.id = $1 FOR UPDATE`,
        [id],
        planRow,
      );
      if (!current) return null;
      const next = change(rowToPlan(current));
      const [row] = await query(
        em,
        `/* updateRingPlan */ UPDATE ring_plan AS p SET name = $2, enabled = $3, time_zone = $4, kind = $5, valid_from = $6::date,
           valid_until = $7::date, windows = $8::jsonb, updated_at = now()
         WHERE p.id = $1 RETURNING ${PLAN_COLUMNS}`,
        [id, ...fieldParams(next)],
        planRow,
      );
      await bumpVersion(em, row.team_id);
      return rowToPlan(row);
    });
  }

  async delete(id: string): Promise<string | null> {
    if (!UUID.test(id)) return null;
    return this.ds.transaction(async (em) => {
      const rows = await query(
        em,
        `/* deleteRingPlan */ DELETE FROM ring_plan WHERE id = $1 RETURNING team_id`,
        [id],
        teamIdRow,
      );
      if (rows.length === 0) return null;
      await bumpVersion(em, rows[0].team_id);
      return rows[0].team_id;
    });
  }
}

/**
 * Tells every instance its cached plans and schedule of the team are stale: the new version on the
 * team row (see RingPlanService.scheduleFor) and, at commit, on the bus (see TeamCache).
 */
async function bumpVersion(em: SqlExecutor, teamId: string): Promise<void> {
  await execute(
    em,
    `/* bumpRingPlansVersion */ WITH b AS (UPDATE team SET ring_plans_version = ring_plans_version + 1 WHERE id = $1 RETURNING id, ring_plans_version)
     SELECT pg_notify('${TEAM_CHANGES_CHANNEL}', ${teamChangePayloadSql('b.id', 'ringPlans', 'b.ring_plans_version')}) FROM b`,
    [teamId],
  );
}

/**
 * Plans and ringPlansVersion per team in one statement, so each team's version and plans come
 * from the same snapshot: a cached schedule is keyed by that version and must never pair it with
 * older or newer plans. Exported for transactions that need the plans through their own connection
 * (see RingPlanService.scheduleFor).
 */
export async function readTeamRingPlans(
  em: SqlExecutor,
  teamIds: readonly string[],
): Promise<Map<string, TeamRingPlans>> {
  const result = new Map<string, TeamRingPlans>();
  if (teamIds.length === 0) return result;
  const rows = await query(
    em,
    `/* readTeamRingPlans */ SELECT w.id AS wanted_team_id, COALESCE(t.ring_plans_version, 0) AS version, ${PLAN_COLUMNS}
       FROM (SELECT DISTINCT unnest($1::text[]) AS id) w
       LEFT JOIN team t ON t.id = w.id
       LEFT JOIN ring_plan p ON p.team_id = w.id
      ORDER BY w.id, p.sequence`,
    [teamIds],
    teamPlanRow,
  );
  const plansByTeam = new Map<string, { version: number; plans: StoredRingPlan[] }>();
  for (const row of rows) {
    let entry = plansByTeam.get(row.wanted_team_id);
    if (!entry) plansByTeam.set(row.wanted_team_id, (entry = { version: row.version, plans: [] }));
    if (row.id !== null) entry.plans.push(rowToPlan(row));
  }
  for (const teamId of teamIds) {
    const entry = plansByTeam.get(teamId) ?? { version: 0, plans: [] };
    result.set(teamId, { teamId, version: entry.version, plans: entry.plans });
  }
  return result;
}
