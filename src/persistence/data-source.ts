import 'reflect-metadata';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { TeamsAndChatSettings1764252000000 } from '../../migrations/1764252000000-teams-and-chat-settings';
import { RingPlans1764259200000 } from '../../migrations/1764259200000-ring-plans';
import { Automation1764266400000 } from '../../migrations/1764266400000-automation';
import { TeamWriteSeq1764290000000 } from '../../migrations/1764290000000-team-write-seq';
import { TicketPublicIds1764320000000 } from '../../migrations/1764320000000-ticket-public-ids';
import { DeliveryAndStats1764350000000 } from '../../migrations/1764350000000-delivery-and-stats';
import { Privacy1764360000000 } from '../../migrations/1764360000000-privacy';

/** In order; the only way the tables change. */
export const MIGRATIONS = [
  TeamsAndChatSettings1764252000000,
  RingPlans1764259200000,
  Automation1764266400000,
  TeamWriteSeq1764290000000,
  TicketPublicIds1764320000000,
  DeliveryAndStats1764350000000,
  Privacy1764360000000,
];

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** How long a statement waits for a row lock held elsewhere (a team's row: TEAM_BUSY) before it fails. */
  lockTimeoutMs?: number;
  /** Called for every SQL statement sent (metrics: statements per request are part of the contract). */
  onStatement?: () => void;
  /** statement_timeout of every connection, sent at connect (no round trip); none when absent. */
  statementTimeoutMs?: number;
  /** How long a query waits for a pooled connection (pg's connectionTimeoutMillis). */
  poolTimeoutMs?: number;
  /** Failed statements, for the service log. */
  onStatementError?: (error: unknown, query: string) => void;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  const logger: TypeOrmLogger = {
    logQuery: () => options.onStatement?.(),
    logQueryError: (error, query) => options.onStatementError?.(error, query),
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  return new DataSource({
    logger,
    type: 'postgres',
    url: options.url,
    // SQL-first repositories: each maps its rows with a typed function (e.g. automation.rows.ts),
    // since the hot paths are single statements with CTEs and row locks an entity manager can't express.
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    extra: pgPoolSettings(options),
  });
}

/** The pg pool settings both pools open their connections with (the general one and the activity path's). */
export function pgPoolSettings(
  options: Pick<
    DataSourceOptions,
    'poolSize' | 'applicationName' | 'poolTimeoutMs' | 'statementTimeoutMs' | 'lockTimeoutMs'
  >,
) {
  return {
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'chat-automation',
    connectionTimeoutMillis: options.poolTimeoutMs ?? 10000,
    // connection parameters: they cost no round trip
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.lockTimeoutMs ? { lock_timeout: options.lockTimeoutMs } : {}),
  };
}

/** Names of migrations defined in code but not applied to the database. */
export async function pendingMigrations(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await ds.query(`SELECT name FROM migrations`).catch(() => []);
  const applied = new Set(rows.map((r) => r.name));
  return MIGRATIONS.map((m) => new m().name ?? m.name).filter((n) => !applied.has(n));
}
