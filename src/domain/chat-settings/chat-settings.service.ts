import { authorizeTeam, assertTeamIdFormat, type Viewer } from '../access';
import { conflict } from '../errors';
import { pagesInKeyOrder, type Loader } from '../loader';
import type { ChatSettingsRepository, Page, SettingsChangeRecord, SettingsUpdate, StoredChatSettings } from '../ports';
import { TeamCache } from '../team-cache';
import {
  applyChatSettingsUpdate,
  resetResponse,
  setResponseEnabled,
  type UpdateChatSettingsCommand,
} from './settings-update';
import type { Trigger } from './triggers';

export interface HistoryPageKey {
  readonly teamId: string;
  readonly first: number;
  /** The id of the last change of the previous page. */
  readonly afterId: string | null;
}

/** Reads and changes a team's chat settings; every change is one locked, versioned, recorded save. */
export class ChatSettingsService {
  constructor(
    private readonly repo: ChatSettingsRepository,
    /** Settings served from memory (see TeamCache); the composition root passes one driven by the bus. */
    readonly cache = new TeamCache<StoredChatSettings>({ max: 10_000, trusted: true }),
  ) {}

  /** The team's settings through the request's loader (one batched read for every team asked). */
  ofTeam(
    viewer: Viewer | null,
    loader: Loader<string, StoredChatSettings>,
    teamId: string,
  ): Promise<StoredChatSettings> {
    authorizeTeam(viewer, teamId, 'READ');
    return loader.load(teamId);
  }

  /** The batch behind the per-request loader `ofTeam` reads through, from memory, one query for the teams not held; no access check of its own. */
  async loadMany(teamIds: readonly string[]): Promise<StoredChatSettings[]> {
    const found = teamIds.map((id) => this.cache.get(id));
    const missing = teamIds.filter((_, i) => found[i] === undefined);
    if (missing.length === 0) return found as StoredChatSettings[];
    const epoch = this.cache.epoch;
    const loaded = new Map((await this.repo.loadMany(missing)).map((s) => [s.teamId, s]));
    for (const settings of loaded.values()) this.cache.store(settings.teamId, settings, epoch);
    return teamIds.map((id, i) => found[i] ?? loaded.get(id)!);
  }

  /** The settings history, newest first, through the request's loader (one statement for every team asking the same page). */
  history(
    viewer: Viewer | null,
    loader: Loader<HistoryPageKey, Page<SettingsChangeRecord>>,
    key: HistoryPageKey,
  ): Promise<Page<SettingsChangeRecord>> {
    authorizeTeam(viewer, key.teamId, 'READ');
    return loader.load(key);
  }

  /** The batch behind the per-request history loader; no access check of its own. */
  loadHistoryPages(keys: readonly HistoryPageKey[]): Promise<Page<SettingsChangeRecord>[]> {
    return pagesInKeyOrder(keys, (teamIds, o: { first: number; afterId: string | null }) =>
      this.repo.historyPages(teamIds, o.first, o.afterId),
    );
  }

  /** "Save": all or nothing; a stale expectedVersion is CONFLICT and nothing is written. */
  update(
    viewer: Viewer | null,
    teamId: string,
    command: UpdateChatSettingsCommand,
    expectedVersion?: number | null,
  ): Promise<StoredChatSettings> {
    return this.change(viewer, teamId, expectedVersion, (current) => applyChatSettingsUpdate(current.data, command));
  }

  setEnabled(viewer: Viewer | null, teamId: string, trigger: Trigger, enabled: boolean): Promise<StoredChatSettings> {
    return this.change(viewer, teamId, null, (current) => setResponseEnabled(current.data, trigger, enabled));
  }

  reset(viewer: Viewer | null, teamId: string, trigger: Trigger): Promise<StoredChatSettings> {
    return this.change(viewer, teamId, null, (current) => resetResponse(current.data, trigger));
  }

  private change(
    viewer: Viewer | null,
    teamId: string,
    expectedVersion: number | null | undefined,
    compute: (current: StoredChatSettings) => SettingsUpdate,
  ): Promise<StoredChatSettings> {
    assertTeamIdFormat(teamId);
    const actor = authorizeTeam(viewer, teamId, 'ADMINISTER').sub;
    // evicted before answering, so this instance never serves the version it replaced
    return this.forgettingAfter(
      teamId,
      this.repo.updateLocked(teamId, actor, (current) => {
        // checked under the row lock, so of two saves with the same expectedVersion exactly one wins
        if (expectedVersion !== null && expectedVersion !== undefined && current.version !== expectedVersion) {
          throw conflict(
            'STALE_VERSION',
            `The settings were changed meanwhile (version ${current.version}, you sent ${expectedVersion}); reload and save again`,
          );
        }
        return compute(current);
      }),
    );
  }

  private async forgettingAfter<T>(teamId: string, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.cache.wrote(teamId);
    }
  }
}
