import DataLoader from 'dataloader';
import type { StoredChatSettings } from '../domain/ports';
import type { Services } from './services';

/** Per-request batching: one query per kind of data, whatever the number of teams asked for. */
export function createLoaders(services: Services) {
  return {
    chatSettings: new DataLoader<string, StoredChatSettings>((teamIds) => services.chatSettings.loadMany(teamIds)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
