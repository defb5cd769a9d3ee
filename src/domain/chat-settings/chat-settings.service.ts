import type { Viewer } from '../access';
import type { ChatSettingsRepository, Page, SettingsChangeRecord, StoredChatSettings } from '../ports';

/** Reads and changes a team's chat settings; every change is one locked, versioned, recorded save. */
export class ChatSettingsService {
  constructor(private readonly repo: ChatSettingsRepository) {}

  loadMany(teamIds: readonly string[]): Promise<StoredChatSettings[]> {
    return this.repo.loadMany(teamIds);
  }

  history(teamId: string, first: number, afterId: string | null): Promise<Page<SettingsChangeRecord>> {
    return this.repo.history(teamId, first, afterId);
  }

  /** Placeholder for the actor column: the token's subject. */
  static actorOf(viewer: Viewer): string {
    return viewer.sub;
  }
}
