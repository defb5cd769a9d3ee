import type { ChatSettingsService } from '../domain/chat-settings/chat-settings.service';

/** The domain services resolvers call; wired in server/. */
export interface Services {
  readonly chatSettings: ChatSettingsService;
}
