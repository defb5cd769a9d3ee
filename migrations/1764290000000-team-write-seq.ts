import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TeamWriteSeq1764290000000 implements MigrationInterface {
  name = 'TeamWriteSeq1764290000000';

  async up(q: QueryRunner): Promise<void> {
    // The compare-and-set guard of the activity path: every activity and opt-out write of a team bumps
    // it, and a write applies only if it is still what the activity's facts were read at.
    await q.query(`ALTER TABLE team ADD COLUMN write_seq bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE team DROP COLUMN write_seq`);
  }
}
