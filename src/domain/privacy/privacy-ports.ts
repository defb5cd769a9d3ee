/** Whose data an erasure removes: a phone number (E.164) or a web/app conversation id. */
export type ErasureSubject =
  | { readonly kind: 'PHONE'; readonly phone: string }
  | { readonly kind: 'CONVERSATION'; readonly conversationId: string };

export interface ErasureCounts {
  /** Dispatch-log rows whose recipient and body were removed (suppressed ones included). */
  readonly messages: number;
  /** Missed calls whose phone number was removed. */
  readonly missedCalls: number;
}

/** The audit entry of one erasure: who, when, how much, never whose. */
export interface StoredErasure extends ErasureCounts {
  readonly teamId: string;
  readonly at: Date;
  readonly actor: string;
}

export interface ErasureRepository {
  /**
   * In one transaction for the team: blanks the subject's recipient and message bodies in the
   * dispatch log, its phone in missed calls and tickets (and its conversation), and records the
   * audit entry. Rows stay, so counts and statistics stay right.
   */
  erase(teamId: string, subject: ErasureSubject, actor: string): Promise<StoredErasure>;
  /** Newest first, at most `first` per team. */
  erasuresOf(teamIds: readonly string[], first: number): Promise<StoredErasure[]>;
}

/** What one retention batch removed; each batch is its own short transaction. */
export type RetentionKind = 'messages' | 'missedCalls' | 'tickets' | 'conversations' | 'activities';

export interface RetentionStore {
  /**
   * Erases (or, for idempotency records, deletes) at most `limit` rows of `kind` older than
   * `before`, skipping rows another transaction holds; returns how many it changed.
   */
  batch(kind: RetentionKind, before: Date, limit: number): Promise<number>;
}

export interface RetentionRepository {
  /**
   * Runs `work` while holding the installation-wide retention lock; returns null without running
   * it when another instance holds the lock (one instance at a time, nobody waits).
   */
  exclusively<T>(work: (store: RetentionStore) => Promise<T>): Promise<T | null>;
}
