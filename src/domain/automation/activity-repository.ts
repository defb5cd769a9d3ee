import type { MessageChannel } from '../chat-settings/triggers';
import type { ActivityFacts, FactsQuery, TeamFacts } from './activity-facts';
import type { StoredMessage, StoredMissedCall } from './automation-ports';
import type { ActivityPlan } from './plan-activity';

/**
 * The activity's storage: one read of the facts, one compare-and-set write of the plan. No lock is
 * held between the two; the write applies only if the team saw no other write since the read.
 */
export interface AutomationRepository extends ActivityStore {
  /**
   * Runs `work` in one transaction holding the team's row lock: no other write of the team can come
   * between its reads and its write (the fallback after a compare-and-set lost to another instance).
   */
  underTeamLock<T>(teamId: string, work: (store: ActivityStore) => Promise<T>): Promise<T>;
  /** An opt-out reported by another system; a write of the team (it changes what activities decide). */
  setOptOut(teamId: string, channel: MessageChannel, recipient: string, optedOut: boolean): Promise<void>;
}

/** Reading an activity's facts and applying its plan. */
export interface ActivityStore {
  /** The facts of `query` from one consistent snapshot, in one statement. */
  readFacts(query: FactsQuery): Promise<ActivityFacts>;
  /**
   * Writes everything of `plan` in one statement if the team is still as `seen` (its writeSeq,
   * settings version and ring-plans version); null when another write came first (read again).
   * Waiting for the team's row lock held elsewhere is bounded (UNAVAILABLE / TEAM_BUSY).
   */
  apply(
    plan: ActivityPlan,
    seen: TeamFacts,
  ): Promise<{ message: StoredMessage | null; missedCall: StoredMissedCall | null } | null>;
}
