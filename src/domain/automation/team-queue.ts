import { isTeamBusy, unavailable } from '../errors';

interface Waiter {
  start(): void;
  fail(err: unknown): void;
  timer: NodeJS.Timeout;
}

interface Lane {
  running: boolean;
  waiting: Waiter[];
}

/**
 * Runs a team's work one at a time on this instance, in arrival order, in front of the connection
 * pool: a request waiting for its own team holds no database connection, so one busy or blocked team
 * can never starve the others of connections (PRODUCT.md §10). A wait is bounded: past `waitMs`, or
 * with `maxWaiting` already queued, the request fails with UNAVAILABLE / TEAM_BUSY and nothing written.
 */
export class TeamQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly options: { waitMs: number; maxWaiting: number; retryAfterMs: number }) {}

  async run<T>(teamId: string, work: () => Promise<T>): Promise<T> {
    await this.enter(teamId);
    try {
      return await work();
    } catch (err) {
      // the team's row stayed locked elsewhere: everyone queued behind would wait for the same lock
      if (isTeamBusy(err)) this.failWaiting(teamId);
      throw err;
    } finally {
      this.leave(teamId);
    }
  }

  /** Requests waiting for their team (a metric). */
  get waiting(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.waiting.length;
    return n;
  }

  private enter(teamId: string): Promise<void> {
    const lane = this.lanes.get(teamId);
    if (!lane) {
      this.lanes.set(teamId, { running: true, waiting: [] });
      return Promise.resolve();
    }
    if (lane.waiting.length >= this.options.maxWaiting) return Promise.reject(this.busy(teamId));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        fail: (err) => {
          clearTimeout(waiter.timer);
          reject(err);
        },
        timer: setTimeout(() => {
          lane.waiting.splice(lane.waiting.indexOf(waiter), 1);
          reject(this.busy(teamId));
        }, this.options.waitMs),
      };
      lane.waiting.push(waiter);
    });
  }

  private failWaiting(teamId: string): void {
    const lane = this.lanes.get(teamId);
    for (const waiter of lane?.waiting.splice(0) ?? []) waiter.fail(this.busy(teamId));
  }

  private leave(teamId: string): void {
    const lane = this.lanes.get(teamId);
    if (!lane) return;
    const next = lane.waiting.shift();
    if (next) next.start();
    else this.lanes.delete(teamId);
  }

  private busy(teamId: string) {
    return unavailable(
      'TEAM_BUSY',
      `Team ${teamId} is busy: its earlier activities are still being processed; retry with the same eventId`,
      this.options.retryAfterMs,
    );
  }
}
