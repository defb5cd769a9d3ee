import { authorizeTeam, assertTeamIdFormat, type Viewer } from '../access';
import { conflict } from '../errors';
import type { ChatSettingsRepository, Page, SettingsChangeRecord, SettingsUpdate, StoredChatSettings } from '../ports';
import {
  applyChatSettingsUpdate,
  resetResponse,
  setResponseEnabled,
  type UpdateChatSettingsCommand,
} from './settings-update';
import type { Trigger } from './triggers';

/** Reads and changes a team's chat settings; every change is one locked, versioned, recorded save. */
export class ChatSettingsService {
  constructor(private readonly repo: ChatSettingsRepository) {}

  /** Batch read (callers authorize; the GraphQL loaders call this once per request). */
  loadMany(teamIds: readonly string[]): Promise<StoredChatSettings[]> {
    return this.repo.loadMany(teamIds);
  }

  history(viewer: Viewer | null, teamId: string, first: number, afterId: string | null): Promise<Page<SettingsChangeRecord>> {
    authorizeTeam(viewer, teamId, 'READ');
    return this.repo.history(teamId, first, afterId);
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
    return this.repo.updateLocked(teamId, actor, (current) => {
      // checked under the row lock, so of two saves with the same expectedVersion exactly one wins
      if (expectedVersion !== null && expectedVersion !== undefined && current.version !== expectedVersion) {
        throw conflict(
          'STALE_VERSION',
          `The settings were changed meanwhile (version ${current.version}, you sent ${expectedVersion}); reload and save again`,
        );
      }
      return compute(current);
    });
  }
}
