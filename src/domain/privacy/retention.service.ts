import type { RetentionKind, RetentionRepository } from './privacy-ports';
import { RETENTION_KINDS, retentionCutoffs, type RetentionPolicy } from './retention';

export interface RetentionReport {
  /** Rows changed per kind: erased (personal data removed) or, for activities, deleted. */
  readonly rows: Record<RetentionKind, number>;
  readonly batches: number;
  readonly seconds: number;
}

/** Told of every run (metrics, the log line). */
export interface RetentionObserver {
  ran(report: RetentionReport): void;
  /** another instance held the retention lock: this run did nothing */
  skipped(): void;
}

/**
 * Retention (PRODUCT.md §14): erases personal data older than the retention period and deletes
 * idempotency records older than theirs, in small batches, on one instance at a time.
 */
export class RetentionService {
  constructor(
    private readonly repo: RetentionRepository,
    private readonly policy: RetentionPolicy,
    private readonly observer: RetentionObserver,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One run; null when another instance was running it. An aborted run stops after its current batch. */
  async run(signal?: AbortSignal): Promise<RetentionReport | null> {
    const started = process.hrtime.bigint();
    const cutoffs = retentionCutoffs(this.now(), this.policy);
    const result = await this.repo.exclusively(async (store) => {
      const rows = { activities: 0, messages: 0, missedCalls: 0, tickets: 0, conversations: 0 } satisfies Record<
        RetentionKind,
        number
      >;
      let batches = 0;
      for (const kind of RETENTION_KINDS) {
        // a short batch means nothing (unlocked) is left: rows skipped as locked wait for the next run
        while (!signal?.aborted) {
          const n = await store.batch(kind, cutoffs[kind], this.policy.batchSize);
          batches += 1;
          rows[kind] += n;
          if (n < this.policy.batchSize) break;
        }
      }
      return { rows, batches };
    });
    if (!result) {
      this.observer.skipped();
      return null;
    }
    const report = { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    this.observer.ran(report);
    return report;
  }
}
