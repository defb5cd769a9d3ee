import type { StoredMessage } from '../automation/automation-ports';
import type { Trigger } from '../chat-settings/triggers';

/** One read of a team's dispatch log for the feed. */
export interface DispatchedPage {
  /** DISPATCHED rows with position > after (of the given triggers, when any), in position order. */
  readonly messages: readonly StoredMessage[];
  /**
   * The log position the read covers: every matching DISPATCHED row in (after, through] is in
   * `messages`. The last row's position when the page is full, else the team's log head.
   */
  readonly through: number;
}

/** What the feed reads from the dispatch log; positions are per team, gap-free and in commit order. */
export interface DispatchLog {
  dispatchedAfter(teamId: string, after: number, limit: number, triggers?: readonly Trigger[] | null): Promise<DispatchedPage>;
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
export interface MessageFeed {
  subscribe(teamId: string, options: FeedSubscribeOptions): Promise<AsyncIterableIterator<StoredMessage>>;
}
