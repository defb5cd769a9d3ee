import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RingPlans1764259200000 implements MigrationInterface {
  name = 'RingPlans1764259200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ring_plan (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id      text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        -- creation order: on overlap the most recently created plan wins
        sequence     bigserial NOT NULL UNIQUE,
        name         text NOT NULL,
        enabled      boolean NOT NULL,
        time_zone    text NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('OPEN', 'CLOSED')),
        valid_from   date,
        valid_until  date,
        windows      jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until)
      )`);
    await q.query(`CREATE INDEX ring_plan_team_idx ON ring_plan (team_id, sequence)`);
    // bumped with every plan change, so instances can tell their cached schedule is stale
    await q.query(`ALTER TABLE team ADD COLUMN ring_plans_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE team DROP COLUMN ring_plans_version`);
    await q.query(`DROP TABLE ring_plan`);
  }
}
