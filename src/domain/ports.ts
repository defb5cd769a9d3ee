import type { FieldChange } from './chat-settings/settings-diff';
import type { ChatSettingsData } from './chat-settings/settings-model';
import type { RingPlan } from './ring-plans/ring-plan';

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
  /** Settings of these teams, in the same order; writes nothing: a team without a row reads as the defaults, version 0. */
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
  /** History, a page per team (one statement), newest first; `afterId` is the id of the last change of the previous page. */
  historyPages(
    teamIds: readonly string[],
    first: number,
    afterId: string | null,
  ): Promise<Map<string, Page<SettingsChangeRecord>>>;
}

/** A ring plan's editable fields (everything but identity and creation order). */
export type RingPlanFields = Omit<RingPlan, 'id' | 'createdAt' | 'sequence'>;

export interface StoredRingPlan extends Readonly<RingPlan> {
  readonly teamId: string;
  readonly updatedAt: Date;
}

/** A team's plans as of one snapshot, with the team's `ringPlansVersion` (0 for a team never seen). */
export interface TeamRingPlans {
  readonly teamId: string;
  readonly version: number;
  /** In creation order. */
  readonly plans: readonly StoredRingPlan[];
}

/** Storage of ring plans. Every change bumps the team's `ringPlansVersion` in the same transaction. */
export interface RingPlanRepository {
  /** The team's plans in creation order, with the team's current ringPlansVersion, read in one snapshot. */
  listByTeam(teamId: string): Promise<TeamRingPlans>;
  /** Batch read for loaders, one statement: an entry for every given team id (one snapshot each). */
  listByTeams(teamIds: readonly string[]): Promise<Map<string, TeamRingPlans>>;
  /** null also for an id that is not a well-formed plan id. */
  findById(id: string): Promise<StoredRingPlan | null>;
  /** Inserts under the team's row lock; `assertCanAdd(countBefore)` may throw (e.g. the 25-plan limit). */
  create(teamId: string, fields: RingPlanFields, assertCanAdd: (count: number) => void): Promise<StoredRingPlan>;
  /** Locks the plan, applies `change`, saves; null when the plan does not exist. */
  update(id: string, change: (current: StoredRingPlan) => RingPlanFields): Promise<StoredRingPlan | null>;
  /** The deleted plan's team id, or null when it did not exist. */
  delete(id: string): Promise<string | null>;
}
