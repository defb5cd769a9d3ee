import { LRUCache } from 'lru-cache';

/** A committed change of a team's settings or ring plans, announced to every instance (the bus). */
export interface TeamChange {
  readonly teamId: string;
  readonly kind: 'settings' | 'ringPlans';
  /** The team's version of that kind after the change. */
  readonly version: number;
}

export interface TeamCacheOptions {
  /** Teams kept; beyond it the least recently used goes. */
  readonly max: number;
  /**
   * Whether `get` may answer before the bus said it is listening. True only where no other
   * instance can change the team (a single process, unit tests); the service starts untrusted.
   */
  readonly trusted?: boolean;
}

/**
 * One instance's memory of one kind of team data (settings, ring plans), keyed by team and version.
 *
 * Correct across instances because every change bumps the team's version in the transaction that
 * makes it, announces it on the bus at commit, and this instance evicts on its own writes:
 * - `get` answers only while the bus is connected (`connected(true)`); losing it clears everything,
 *   and so does coming back, so an announcement lost meanwhile never leaves a stale entry;
 * - a read from storage is stored only when nothing was announced or written since it began (the
 *   `epoch`), so a slow read can never put back what a change made stale;
 * - `getAt` answers by a version the caller read from storage itself, so it holds in any state.
 */
export class TeamCache<V extends { readonly version: number }> {
  private readonly entries: LRUCache<string, V>;
  private trusted: boolean;
  private epochCounter = 0;

  constructor(options: TeamCacheOptions) {
    this.entries = new LRUCache<string, V>({ max: options.max });
    this.trusted = options.trusted ?? false;
  }

  /** Taken before reading from storage and handed to `store`. */
  get epoch(): number {
    return this.epochCounter;
  }

  /** The team's latest known value, while the bus guarantees it would have heard of a newer one. */
  get(teamId: string): V | undefined {
    return this.trusted ? this.entries.get(teamId) : undefined;
  }

  /** The cached value of exactly this version (read by the caller from storage), in any bus state. */
  getAt(teamId: string, version: number): V | undefined {
    const entry = this.entries.get(teamId);
    return entry && entry.version === version ? entry : undefined;
  }

  /** Keeps a value read from storage since `epoch`, unless a change was announced or written since, or this or a newer version is held. */
  store(teamId: string, value: V, epoch: number): void {
    if (epoch !== this.epochCounter) return;
    const current = this.entries.peek(teamId);
    if (current && current.version >= value.version) return;
    this.entries.set(teamId, value);
  }

  /** Replaces the entry of the same version (e.g. with a compiled schedule attached); never adds one. */
  refine(teamId: string, value: V): void {
    const current = this.entries.peek(teamId);
    if (current && current.version === value.version) this.entries.set(teamId, value);
  }

  /** This instance changed the team (committed or not): forget it before answering, and refuse reads begun earlier. */
  wrote(teamId: string): void {
    this.epochCounter += 1;
    this.entries.delete(teamId);
  }

  /** Another instance (or this one) announced a committed change. */
  changed(teamId: string, version: number): void {
    this.epochCounter += 1;
    const current = this.entries.peek(teamId);
    if (current && current.version < version) this.entries.delete(teamId);
  }

  /** The bus is listening (true) or lost its connection (false); either way what is held may have missed a change. */
  connected(up: boolean): void {
    this.epochCounter += 1;
    this.entries.clear();
    this.trusted = up;
  }

  get size(): number {
    return this.entries.size;
  }
}
