import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TeamsAndChatSettings1764252000000 implements MigrationInterface {
  name = 'TeamsAndChatSettings1764252000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team (
        id                          text PRIMARY KEY,
        sender_identity             text NOT NULL CHECK (sender_identity IN ('COMPANY_NAME', 'TEAM_NAME')),
        company_name                text,
        team_name                   text,
        create_missed_call_tickets  boolean NOT NULL,
        ring_last_advisor           boolean NOT NULL,
        time_zone                   text NOT NULL,
        default_locale              text NOT NULL,
        voice_hub_url               text,
        responses                   jsonb NOT NULL DEFAULT '{}'::jsonb,
        version                     integer NOT NULL DEFAULT 0,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz
      )`);
    await q.query(`
      CREATE TABLE chat_settings_change (
        id          bigserial PRIMARY KEY,
        team_id     text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        version     integer NOT NULL,
        actor       text NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now(),
        changes     jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX chat_settings_change_team_idx ON chat_settings_change (team_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE chat_settings_change`);
    await q.query(`DROP TABLE team`);
  }
}
