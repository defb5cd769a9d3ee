import { Writable } from 'node:stream';
import pino from 'pino';
import type { RetentionReport, RetentionService } from '../domain/privacy/retention.service';
import { createMetrics } from './metrics';
import { retentionObserver, startRetentionJob } from './retention-job';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

const REPORT: RetentionReport = {
  rows: { activities: 4, messages: 7, missedCalls: 2, tickets: 0, conversations: 1 },
  batches: 9,
  seconds: 0.25,
};

async function metricsText(metrics: ReturnType<typeof createMetrics>) {
  return metrics.registry.metrics();
}

describe('retentionObserver', () => {
  it('logs one line per run with the rows per kind and feeds the metrics', async () => {
    const { lines, logger } = capture();
    const metrics = createMetrics();
    retentionObserver(logger, metrics).ran(REPORT);
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'retention run',
        activities: 4,
        messages: 7,
        missedCalls: 2,
        tickets: 0,
        conversations: 1,
        batches: 9,
        ms: 250,
      }),
    ]);
    const text = await metricsText(metrics);
    expect(text).toMatch(/^retention_rows_total\{kind="messages"\} 7$/m);
    expect(text).toMatch(/^retention_runs_total\{outcome="ran"\} 1$/m);
    expect(text).toMatch(/^retention_run_duration_seconds_count 1$/m);
  });

  it('logs and counts a skipped run', async () => {
    const { lines, logger } = capture();
    const metrics = createMetrics();
    retentionObserver(logger, metrics).skipped();
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(await metricsText(metrics)).toMatch(/^retention_runs_total\{outcome="skipped"\} 1$/m);
  });
});

describe('startRetentionJob', () => {
  it('joins a run in progress instead of starting a second one, and stop() waits for it', async () => {
    let release!: () => void;
    let runs = 0;
    let signal: AbortSignal | undefined;
    const service = {
      run: (s?: AbortSignal) => {
        runs += 1;
        signal = s;
        return new Promise<RetentionReport>((resolve) => (release = () => resolve(REPORT)));
      },
    } as unknown as RetentionService;
    const { logger } = capture();
    const job = startRetentionJob(service, { intervalMs: 0 }, logger, createMetrics());
    const a = job.runNow();
    const b = job.runNow();
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(signal!.aborted).toBe(true);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await a).toBe(REPORT);
    expect(await b).toBe(REPORT);
  });

  it('turns a failed run into a log line and a metric; the job keeps going', async () => {
    const service = { run: () => Promise.reject(new Error('connection refused')) } as unknown as RetentionService;
    const { lines, logger } = capture();
    const metrics = createMetrics();
    const job = startRetentionJob(service, { intervalMs: 0 }, logger, metrics);
    expect(await job.runNow()).toBeNull();
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({ level: 50, msg: 'retention run failed; the next run retries' });
    expect(await metricsText(metrics)).toMatch(/^retention_runs_total\{outcome="failed"\} 1$/m);
    await job.stop();
  });

  it('runs on its own every intervalMs, one run after the other, until stopped', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const service = {
      run: async () => {
        runs += 1;
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((r) => setTimeout(r, 5));
        concurrent -= 1;
        return REPORT;
      },
    } as unknown as RetentionService;
    const { logger } = capture();
    const job = startRetentionJob(service, { intervalMs: 10 }, logger, createMetrics());
    while (runs < 3) await new Promise((r) => setTimeout(r, 5));
    await job.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(after);
    expect(maxConcurrent).toBe(1);
  });
});
