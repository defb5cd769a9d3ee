import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per team: its chat settings, with `version` for optimistic concurrency. */
@Entity({ name: 'team' })
export class TeamEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'sender_identity', type: 'text' })
  senderIdentity: string;

  @Column({ name: 'company_name', type: 'text', nullable: true })
  companyName: string | null;

  @Column({ name: 'team_name', type: 'text', nullable: true })
  teamName: string | null;

  @Column({ name: 'create_missed_call_tickets', type: 'boolean' })
  createMissedCallTickets: boolean;

  @Column({ name: 'ring_last_advisor', type: 'boolean' })
  ringLastAdvisor: boolean;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'default_locale', type: 'text' })
  defaultLocale: string;

  @Column({ name: 'voice_hub_url', type: 'text', nullable: true })
  voiceHubUrl: string | null;

  @Column({ type: 'jsonb' })
  responses: Record<string, unknown>;

  @Column({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;
}
