import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The settings history: one row per save, with its field-level diff. */
@Entity({ name: 'chat_settings_change' })
export class ChatSettingsChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  actor: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  @Column({ type: 'jsonb' })
  changes: { field: string; from: unknown; to: unknown }[];
}
