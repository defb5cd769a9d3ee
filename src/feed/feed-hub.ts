import type { StoredMessage } from '../domain/automation/automation-ports';
import type { Trigger } from '../domain/chat-settings/triggers';
import { badInput, DomainError } from '../domain/errors';
import type { DispatchLog, FeedItem, FeedSubscribeOptions, MessageFeed } from '../domain/feed/feed-ports';

export interface FeedLimits {
  /** Rows per read of the log (replay, catch-up and live reads). */
  readonly pageSize: number;
  /** Undelivered messages one subscription may hold; past it, it stops being fed live and pages from the log. */
  readonly bufferLimit: number;
  /** Log positions a subscription that fell out of live may lag the team's head before it is ended. */
  readonly maxLag: number;
}

export interface FeedLogger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** What the hub reports (metrics). */
export interface FeedObserver {
  /** A subscription's buffer overflowed: it now pages from the log instead of holding messages. */
  fellBehind?(teamId: string): void;
  /** A subscription lagged more than maxLag and was ended. */
  tooSlow?(teamId: string): void;
}

/** Back-off between retries of a failed read or connection, growing to 5 s. */
export const RETRY_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * This instance's side of the feed: one channel per subscribed team that reads new DISPATCHED rows
 * from the log once and fans them out, in position order, to the team's subscriptions.
 *
 * Hints (a NOTIFY, a local commit, the safety poll) only say "the log of team T reached position p";
 * the log is always the source, so a lost hint delays a message but never loses it. Positions are
 * per team, gap-free and committed in order, so "position > last seen" misses nothing and repeats
 * nothing. A subscription is fed live only while it has seen everything up to the channel's head;
 * otherwise (replay after a cursor, or after its buffer overflowed) it reads pages of the log at its
 * consumer's pace, and joins live again once it has caught up.
 */
export class FeedHub<T extends FeedItem = StoredMessage> implements MessageFeed<T> {
  private readonly channels = new Map<string, TeamChannel<T>>();
  private closed = false;

  constructor(
    private readonly log: DispatchLog<T>,
    private readonly limits: FeedLimits,
    private readonly logger: FeedLogger,
    private readonly observer: FeedObserver = {},
  ) {}

  async subscribe(teamId: string, options: FeedSubscribeOptions): Promise<FeedSubscription<T>> {
    if (this.closed) throw new Error('the feed is stopped');
    const head = (await this.log.heads([teamId])).get(teamId) ?? 0;
    if (options.after !== null && options.after > head) {
      throw badInput('INVALID_CURSOR', "after is not a position of this team's log", 'after');
    }
    let channel = this.channels.get(teamId);
    if (!channel) {
      channel = new TeamChannel<T>(teamId, head);
      this.channels.set(teamId, channel);
    } else if (head > channel.head) {
      this.hint(teamId, head);
    }
    const subscription = new FeedSubscription<T>(
      channel,
      options.after ?? head,
      options.triggers ?? null,
      this.limits,
      {
        read: (after, triggers) => this.log.dispatchedAfter(teamId, after, this.limits.pageSize, triggers),
        left: (s) => this.leave(channel, s),
        fellBehind: () => this.observer.fellBehind?.(teamId),
        tooSlow: () => this.observer.tooSlow?.(teamId),
        logger: this.logger,
      },
    );
    channel.members.add(subscription);
    return subscription;
  }

  /** The team's log reached `position` (a NOTIFY, a commit on this instance, the poll). */
  hint(teamId: string, position: number): void {
    const channel = this.channels.get(teamId);
    if (!channel || position <= channel.head) return;
    channel.wanted = Math.max(channel.wanted, position);
    void this.refresh(channel);
  }

  /** Checks every subscribed team's head in one query and reads the teams that moved. */
  async catchUp(): Promise<void> {
    if (!this.channels.size) return;
    const heads = await this.log.heads([...this.channels.keys()]);
    for (const [teamId, head] of heads) this.hint(teamId, head);
  }

  get teams(): number {
    return this.channels.size;
  }

  get subscriptions(): number {
    let n = 0;
    for (const c of this.channels.values()) n += c.members.size;
    return n;
  }

  /** Ends every subscription (shutdown). */
  close(): void {
    this.closed = true;
    for (const channel of [...this.channels.values()]) for (const s of [...channel.members]) void s.return();
    this.channels.clear();
  }

  private leave(channel: TeamChannel<T>, subscription: FeedSubscription<T>): void {
    channel.members.delete(subscription);
    if (!channel.members.size && this.channels.get(channel.teamId) === channel) this.channels.delete(channel.teamId);
  }

  /** One reader per team: reads from the channel's head until it has what the hints announced. */
  private async refresh(channel: TeamChannel<T>): Promise<void> {
    if (channel.reading) return;
    channel.reading = true;
    try {
      while (channel.wanted > channel.head && channel.members.size) {
        const page = await this.log.dispatchedAfter(channel.teamId, channel.head, this.limits.pageSize);
        if (page.through <= channel.head) break; // a hint ahead of what is committed: the poll comes back
        channel.head = page.through;
        for (const s of [...channel.members]) s.offer(page.messages, page.through);
      }
    } catch (err) {
      // the safety poll (or the next hint) reads again; nothing is lost, the log is the truth
      this.logger.warn({ err, teamId: channel.teamId }, 'feed read failed');
    } finally {
      channel.reading = false;
    }
  }
}

class TeamChannel<T extends FeedItem> {
  readonly members = new Set<FeedSubscription<T>>();
  /** Highest position a hint announced. */
  wanted: number;
  reading = false;

  constructor(
    readonly teamId: string,
    /** Log position this channel has read and fanned out up to. */
    public head: number,
  ) {
    this.wanted = head;
  }
}

interface SubscriptionEnv<T extends FeedItem> {
  read(after: number, triggers: readonly Trigger[] | null): ReturnType<DispatchLog<T>['dispatchedAfter']>;
  left(s: FeedSubscription<T>): void;
  fellBehind(): void;
  tooSlow(): void;
  logger: FeedLogger;
}

/** One subscriber's iterator: its own cursor, a bounded buffer, live or paging from the log. */
export class FeedSubscription<T extends FeedItem = StoredMessage> implements AsyncIterableIterator<T> {
  private queue: T[] = [];
  /** Log position up to which every matching message is queued or delivered. */
  private seen: number;
  /** Log position up to which the consumer has been handed every matching message. */
  private handed: number;
  private live = false;
  /** Dropped out of live because its buffer overflowed: from now on its lag is watched. */
  private behind = false;
  private failure: Error | null = null;
  private ended = false;
  private wake: (() => void) | null = null;
  private readonly triggers: ReadonlySet<Trigger> | null;

  constructor(
    private readonly channel: TeamChannel<T>,
    start: number,
    private readonly triggerList: readonly Trigger[] | null,
    private readonly limits: FeedLimits,
    private readonly env: SubscriptionEnv<T>,
  ) {
    this.seen = start;
    this.handed = start;
    this.triggers = triggerList?.length ? new Set(triggerList) : null;
    // nothing fanned out past our start yet: live right away, no read needed
    if (channel.head <= start) this.live = true;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    let attempt = 0;
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      const message = this.queue.shift();
      if (message) {
        this.handed = this.queue.length ? message.position : this.seen;
        return { done: false, value: message };
      }
      if (this.failure) {
        const failure = this.failure;
        this.end();
        throw failure;
      }
      if (this.live) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      try {
        await this.readPage();
        attempt = 0;
      } catch (err) {
        // the database is away (restart, failover): wait and read again from the same position
        this.env.logger.warn({ err, teamId: this.channel.teamId }, 'feed replay read failed; retrying');
        await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]));
      }
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.end();
    return { done: true, value: undefined };
  }

  async throw(err?: unknown): Promise<IteratorResult<T>> {
    this.end();
    throw err;
  }

  /** Rows the channel read, up to `through`; only called while this subscription is a member. */
  offer(messages: readonly T[], through: number): void {
    if (!this.live) {
      if (this.behind && this.channel.head - this.handed > this.limits.maxLag) this.fail(this.tooSlow());
      return;
    }
    for (const m of messages) {
      if (m.position <= this.seen) continue;
      this.seen = m.position;
      if (!this.triggers || this.triggers.has(m.trigger)) this.queue.push(m);
    }
    this.seen = Math.max(this.seen, through);
    if (this.queue.length > this.limits.bufferLimit) {
      // a slow consumer: free the buffer and read the log at its own pace from what it was handed
      this.queue = [];
      this.seen = this.handed;
      this.live = false;
      this.behind = true;
      this.env.fellBehind();
    }
    this.wake?.();
  }

  private async readPage(): Promise<void> {
    const page = await this.env.read(this.seen, this.triggerList);
    if (this.ended) return;
    for (const m of page.messages) if (m.position > this.seen) this.queue.push(m);
    this.seen = Math.max(this.seen, page.through);
    // caught up with what the channel has fanned out: every later fan-out is ours
    if (this.channel.head <= this.seen) {
      this.live = true;
      this.behind = false;
    }
  }

  private tooSlow(): DomainError {
    return new DomainError(
      'FEED_LAG_EXCEEDED',
      'SUBSCRIBER_TOO_SLOW',
      `This subscription fell more than ${this.limits.maxLag} messages behind the feed and was ended; subscribe again with after: resumeAfter`,
      undefined,
      { resumeAfterPosition: this.handed },
    );
  }

  private fail(err: Error): void {
    this.failure = err;
    this.queue = [];
    this.env.tooSlow();
    this.env.left(this);
    this.wake?.();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.env.left(this);
    this.wake?.();
  }
}
