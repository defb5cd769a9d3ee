import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `Ticket.id` becomes globally unique and opaque (PRODUCT.md §7): ticket ids from the ticketing
 * system are unique per team only, so two teams' "T-1" shared one entity key. The per-team key
 * `(team_id, id)` and every link to it stay as they are; `public_id` is the id the graph sees.
 */
export class TicketPublicIds1764320000000 implements MigrationInterface {
  name = 'TicketPublicIds1764320000000';

  async up(q: QueryRunner): Promise<void> {
    // a volatile default is evaluated per existing row: every kept ticket gets its own id
    await q.query(`ALTER TABLE ticket ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE ticket ADD CONSTRAINT ticket_public_id_key UNIQUE (public_id)`);
    // it served lookups of a ticket id across teams, which entity lookups no longer make
    await q.query(`DROP INDEX ticket_id_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ticket_id_idx ON ticket (id)`);
    await q.query(`ALTER TABLE ticket DROP COLUMN public_id`);
  }
}
