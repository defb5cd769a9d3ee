import type { DataSource } from 'typeorm';
import type { Activity } from '../../src/domain/automation/activity';
import { AutomationService } from '../../src/domain/automation/automation.service';
import { TeamQueue } from '../../src/domain/automation/team-queue';
import { ChatSettingsService } from '../../src/domain/chat-settings/chat-settings.service';
import { RingPlanService } from '../../src/domain/ring-plans/ring-plan.service';
import { createPreparedPool } from '../../src/persistence/prepared-pool';
import { createDataSource } from '../../src/persistence/data-source';
import { loadRecipientKey } from '../../src/persistence/recipient-key';
import { PgAutomationRepository } from '../../src/persistence/repositories/automation.repository';
import { PgChatSettingsRepository } from '../../src/persistence/repositories/chat-settings.repository';
import { PgRingPlanRepository } from '../../src/persistence/repositories/ring-plan.repository';
import { advisorAction, callEnded, inboundMessage, ticketEvent } from '../factories/activities';
import { createTestDatabase, type TestDatabase } from './postgres';

/** The medium tier's wiring: the real domain services on a fresh migrated database, no HTTP. */
export interface TestServices {
  db: TestDatabase;
  ds: DataSource;
  automation: AutomationService;
  settings: ChatSettingsService;
  ringPlans: RingPlanService;
  /** Positions the feed was told of, in order. */
  published: number[];
  close(): Promise<void>;
}

export async function startTestServices(): Promise<TestServices> {
  const db = await createTestDatabase();
  const ds = createDataSource({ url: db.url, poolSize: 4, lockTimeoutMs: 5000 });
  await ds.initialize();
  const recipientKey = await loadRecipientKey(ds);
  const activityPool = createPreparedPool({ url: db.url, poolSize: 4, lockTimeoutMs: 5000 });
  const published: number[] = [];
  const ringPlans = new RingPlanService(new PgRingPlanRepository(ds));
  return {
    db,
    ds,
    ringPlans,
    published,
    settings: new ChatSettingsService(new PgChatSettingsRepository(ds)),
    automation: new AutomationService(
      new PgAutomationRepository(activityPool, recipientKey),
      ringPlans,
      { committed: (_team, position) => published.push(position) },
      { decided: () => undefined, conflicted: () => undefined, busy: () => undefined },
      new TeamQueue({ waitMs: 5000, maxWaiting: 100, retryAfterMs: 1000 }),
    ),
    close: async () => {
      await activityPool.end();
      await ds.destroy();
      await db.drop();
    },
  };
}

export type ActivityKind = 'call' | 'message' | 'ticket' | 'advisor';
const BUILD = { call: callEnded, message: inboundMessage, ticket: ticketEvent, advisor: advisorAction };
const KIND = {
  call: 'CALL_ENDED',
  message: 'INBOUND_MESSAGE',
  ticket: 'TICKET_EVENT',
  advisor: 'ADVISOR_ACTION',
} as const;

/** The factories build GraphQL inputs; the services take the domain activity. */
export function activity(kind: ActivityKind, team: string, overrides: Record<string, unknown> = {}): Activity {
  const input: Record<string, unknown> = { ...BUILD[kind](team, overrides), kind: KIND[kind] };
  for (const key of ['startedAt', 'occurredAt'])
    if (typeof input[key] === 'string') input[key] = new Date(input[key] as string);
  for (const key of Object.keys(input)) if (input[key] === null) delete input[key];
  return input as unknown as Activity;
}
