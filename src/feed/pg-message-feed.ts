import { Client, type Notification } from 'pg';
import type { MessageFeedPublisher, StoredMessage } from '../domain/automation/automation-ports';
import type { DispatchLog, FeedItem, FeedSubscribeOptions, MessageFeed } from '../domain/feed/feed-ports';
import { FeedHub, RETRY_MS, type FeedLimits, type FeedLogger, type FeedObserver } from './feed-hub';

export const FEED_CHANNEL = 'automated_message';
/** Changes of delivery status (deliveryStatusChanged): same bus, own channel and positions. */
export const DELIVERY_FEED_CHANNEL = 'delivery_status';

/** How commits are announced to the other instances. */
export type NotifyMode =
  /** after commit, at most one NOTIFY statement per interval, one payload per team with its highest position (the default) */
  | 'batched'
  /** one NOTIFY per commit, right after it */
  | 'per-commit'
  /** none: other instances find new messages by the safety poll only (single-instance deployments) */
  | 'off';

export interface PgMessageFeedOptions<T extends FeedItem = StoredMessage> {
  readonly connectionString: string;
  readonly log: DispatchLog<T>;
  /** The NOTIFY channel (default FEED_CHANNEL); one per positioned log, e.g. DELIVERY_FEED_CHANNEL. */
  readonly channel?: string;
  /** application_name of the listening connection (default chat-automation-feed). */
  readonly applicationName?: string;
  readonly limits: FeedLimits;
  readonly notify: NotifyMode;
  /** Coalescing interval of `batched`. */
  readonly notifyIntervalMs: number;
  /** How often every subscribed team's head is checked, so a commit whose NOTIFY was lost still arrives. */
  readonly pollIntervalMs: number;
  readonly logger: FeedLogger & { info(obj: object, msg: string): void };
  readonly observer?: FeedObserver & { listening?(up: boolean): void };
  /**
   * Further channels the same connection LISTENs on, with their handlers (e.g. settings and
   * ring-plan changes for the caches); `observer.listening` tells when they may have missed one.
   */
  readonly channels?: Readonly<Record<string, (payload: string) => void>>;
}

const MAX_PAYLOADS_PER_STATEMENT = 500;

/**
 * The feed across instances, with PostgreSQL as the bus: commits are announced with NOTIFY (after
 * the commit, batched per team, team id and highest position only), and every instance keeps one
 * dedicated connection LISTENing. The rows themselves are always read from the dispatch log, so a
 * NOTIFY is only a hint: after the listening connection comes back from an error, a database
 * restart or pg_terminate_backend, every subscribed team is caught up from the log; a slow poll of
 * the subscribed teams' heads covers a crash between a commit and its NOTIFY.
 */
export class PgMessageFeed<T extends FeedItem = StoredMessage> implements MessageFeed<T>, MessageFeedPublisher {
  private readonly hub: FeedHub<T>;
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private sending: Promise<void> = Promise.resolve();
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  /** Highest position per team still to be announced. */
  private readonly pending = new Map<string, number>();
  private stopped = false;

  private readonly channel: string;

  constructor(private readonly o: PgMessageFeedOptions<T>) {
    this.channel = o.channel ?? FEED_CHANNEL;
    this.hub = new FeedHub<T>(o.log, o.limits, o.logger, o.observer);
  }

  /** Connects the listener (retrying in the background when the database is away) and starts the poll. */
  async start(): Promise<void> {
    this.pollTimer = setInterval(() => {
      this.hub.catchUp().catch((err: unknown) => this.o.logger.warn({ err }, 'feed poll failed'));
    }, this.o.pollIntervalMs);
    this.pollTimer.unref();
    await this.connect();
  }

  /** Announces what is still pending, ends every subscription and closes the listening connection. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.connecting?.catch(() => undefined);
    await this.sending;
    await this.flush().catch(() => undefined);
    this.hub.close();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  get listening(): boolean {
    return this.client !== null;
  }

  get subscriptions(): number {
    return this.hub.subscriptions;
  }

  subscribe(teamId: string, options: FeedSubscribeOptions): Promise<AsyncIterableIterator<T>> {
    return this.hub.subscribe(teamId, options);
  }

  /** Called after an activity committed a DISPATCHED row (never inside the transaction). */
  committed(teamId: string, position: number): void {
    this.hub.hint(teamId, position); // this instance's subscribers need no round trip
    if (this.o.notify === 'off' || this.stopped) return;
    if (this.o.notify === 'per-commit') {
      // one statement at a time on the connection, in commit order
      this.sending = this.sending.then(() => this.send([[teamId, position]]));
      return;
    }
    this.pending.set(teamId, Math.max(this.pending.get(teamId) ?? 0, position));
    this.scheduleFlush();
  }

  /**
   * At most one NOTIFY statement per interval, leading edge: a commit after a quiet interval is
   * announced at once, commits in a busy one wait for its end and go together.
   */
  private scheduleFlush(): void {
    if (this.flushTimer) return;
    const wait = this.lastFlushAt + this.o.notifyIntervalMs - performance.now();
    if (wait <= 0) {
      void this.flush();
      return;
    }
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, wait);
    this.flushTimer.unref();
  }

  /** Sends what is pending, one flush at a time. */
  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.client || !this.pending.size) return;
    this.lastFlushAt = performance.now();
    const batch = [...this.pending].slice(0, MAX_PAYLOADS_PER_STATEMENT);
    for (const [teamId] of batch) this.pending.delete(teamId);
    this.flushing = this.send(batch).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
    if (this.pending.size && this.client) this.scheduleFlush();
  }

  /** One statement, so one commit and one turn of NOTIFY's database-wide lock, for the whole batch. */
  private async send(batch: [string, number][]): Promise<void> {
    const client = this.client;
    try {
      if (!client) throw new Error('the feed listener is not connected');
      await client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [
        this.channel,
        batch.map(([t, p]) => JSON.stringify({ t, p })),
      ]);
    } catch (err) {
      // kept for the next connection; the other instances' poll finds the rows meanwhile
      for (const [t, p] of batch) this.pending.set(t, Math.max(this.pending.get(t) ?? 0, p));
      if (client) this.o.logger.warn({ err }, 'feed notify failed');
    }
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new Client({
      connectionString: this.o.connectionString,
      application_name: this.o.applicationName ?? 'chat-automation-feed',
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', (n) => this.onNotification(n));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      // LISTEN before catching up: whatever commits after the catch-up's read is announced to us
      await client.query([this.channel, ...Object.keys(this.o.channels ?? {})].map((c) => `LISTEN ${c};`).join(' '));
    } catch (err) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      this.o.logger.warn({ err, attempt: this.attempt }, 'feed listener could not connect; retrying');
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    const wasAway = this.attempt > 0;
    this.client = client;
    this.attempt = 0;
    this.o.observer?.listening?.(true);
    if (wasAway) this.o.logger.info({}, 'feed listener reconnected; catching up from the log');
    await this.hub.catchUp().catch((err: unknown) => this.o.logger.warn({ err }, 'feed catch-up failed'));
    if (this.pending.size) void this.flush();
  }

  private lost(client: Client, err?: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.o.observer?.listening?.(false);
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.o.logger.warn({ err }, 'feed listener lost its connection; reconnecting');
    this.attempt = 0;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const base = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
    this.attempt += 1;
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        void this.connect();
      },
      base + Math.floor(Math.random() * base * 0.2),
    );
    this.reconnectTimer.unref();
  }

  private onNotification(n: Notification): void {
    if (n.channel !== this.channel) {
      if (n.payload !== undefined) this.o.channels?.[n.channel]?.(n.payload);
      return;
    }
    if (!n.payload) return;
    try {
      const { t, p } = JSON.parse(n.payload) as { t: unknown; p: unknown };
      if (typeof t === 'string' && typeof p === 'number') this.hub.hint(t, p);
    } catch {
      this.o.logger.debug({ payload: n.payload.slice(0, 100) }, 'feed ignored a malformed notification');
    }
  }
}
