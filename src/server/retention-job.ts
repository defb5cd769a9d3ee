import type { RetentionObserver, RetentionReport, RetentionService } from '../domain/privacy/retention.service';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

export interface RetentionJob {
  /** Runs now (or joins the run in progress); null when another instance held the lock or it failed. */
  runNow(): Promise<RetentionReport | null>;
  /** No further runs; waits for the one in progress to stop after its current batch. */
  stop(): Promise<void>;
}

/** A run shortly after start (instances restarted more often than the interval still get one), then every interval. */
const FIRST_RUN_MAX_DELAY_MS = 60_000;

export function retentionObserver(logger: Logger, metrics: Metrics): RetentionObserver {
  return {
    ran(report) {
      metrics.retentionRuns.inc({ outcome: 'ran' });
      metrics.retentionDuration.observe(report.seconds);
      for (const [kind, n] of Object.entries(report.rows)) metrics.retentionRows.inc({ kind }, n);
      logger.info({ ...report.rows, batches: report.batches, ms: Math.round(report.seconds * 1000) }, 'retention run');
    },
    skipped() {
      metrics.retentionRuns.inc({ outcome: 'skipped' });
      logger.info('retention run skipped: another instance holds the retention lock');
    },
  };
}

/** The background schedule of the retention job; `intervalMs` 0 leaves it to runNow(). */
export function startRetentionJob(
  service: RetentionService,
  options: { intervalMs: number },
  logger: Logger,
  metrics: Metrics,
): RetentionJob {
  const abort = new AbortController();
  let running: Promise<RetentionReport | null> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const runNow = () => {
    running ??= service
      .run(abort.signal)
      .catch((err: unknown) => {
        metrics.retentionRuns.inc({ outcome: 'failed' });
        logger.error({ err }, 'retention run failed; the next run retries');
        return null;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = (delay: number) => {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => {
      void runNow().then(() => schedule(options.intervalMs));
    }, delay);
    timer.unref();
  };
  if (options.intervalMs > 0) schedule(Math.min(options.intervalMs, FIRST_RUN_MAX_DELAY_MS));

  return {
    runNow,
    stop: async () => {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
