import type { StoredMessage } from '../automation/automation-ports';
import type { Trigger } from '../chat-settings/triggers';

/** What a feed carries: items at per-team, gap-free positions that commit in order. */
export interface FeedItem {
  readonly position: number;
  readonly trigger: Trigger;
}

/** One read of a team's dispatch log (or of another positioned log, e.g. delivery changes) for the feed. */
export interface DispatchedPage<T extends FeedItem = StoredMessage> {
  /** DISPATCHED rows with position > after (of the given triggers, when any), in position order. */
  readonly messages: readonly T[];
  /**
   * The log position the read covers: every matching DISPATCHED row in (after, through] is in
   * `messages`. The last row's position when the page is full, else the team's log head.
   */
  readonly through: number;
}

/** What the feed reads from the dispatch log; positions are per team, gap-free and in commit order. */
export interface DispatchLog<T extends FeedItem = StoredMessage> {
  dispatchedAfter(
    teamId: string,
    after: number,
    limit: number,
    triggers?: readonly Trigger[] | null,
  ): Promise<DispatchedPage<T>>;
  /** The last position allocated in each team's log (0 for a team without messages). */
  heads(teamIds: readonly string[]): Promise<Map<string, number>>;
}

export interface FeedSubscribeOptions {
  /** Replays the log after this position first; null: only what commits from now on. */
  readonly after: number | null;
  /** Only these triggers; null or empty: all. */
  readonly triggers?: readonly Trigger[] | null;
}

/**
 * Committed DISPATCHED messages of one team, in position order, with no gap and no duplicate,
 * from every instance of the service. Ending the iterator (return) unsubscribes.
 */
export interface MessageFeed<T extends FeedItem = StoredMessage> {
  subscribe(teamId: string, options: FeedSubscribeOptions): Promise<AsyncIterableIterator<T>>;
}
