import type { ChatSettingsData, FieldChange } from './chat-settings/chat-settings';

/** A team's settings as stored: the settings plus optimistic-concurrency bookkeeping. */
export interface StoredChatSettings {
  readonly teamId: string;
  readonly data: ChatSettingsData;
  readonly version: number;
  readonly updatedAt: Date | null;
}

export interface SettingsChangeRecord {
  readonly id: string;
  readonly teamId: string;
  readonly version: number;
  readonly actor: string;
  readonly changedAt: Date;
  readonly changes: readonly FieldChange[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly hasNextPage: boolean;
}

/** The outcome of a change computed under the team's lock; null = nothing to write. */
export interface SettingsUpdate {
  readonly next: ChatSettingsData;
  readonly changes: readonly FieldChange[];
}

/** Storage of teams and their chat settings. */
export interface ChatSettingsRepository {
  /** Settings of these teams, in the same order; a team seen for the first time gets default settings stored. */
  loadMany(teamIds: readonly string[]): Promise<StoredChatSettings[]>;
  /**
   * Runs `change` on the team's settings under a row lock in one transaction. When it returns
   * changes they are saved with `version + 1` and one history row; when it throws nothing is written.
   */
  updateLocked(
    teamId: string,
    actor: string,
    change: (current: StoredChatSettings) => SettingsUpdate,
  ): Promise<StoredChatSettings>;
  /** History, newest first; `afterId` is the id of the last change of the previous page. */
  history(teamId: string, first: number, afterId: string | null): Promise<Page<SettingsChangeRecord>>;
}
