import DataLoader from 'dataloader';
import type { HistoryPageKey } from '../domain/chat-settings/chat-settings.service';
import { pageKeyOf, type LoaderFactory } from '../domain/loader';
import type { Services } from './services';

/** DataLoader is the batching behind the domain's `Loader`: every load of one tick is one batch. */
const dataLoader: LoaderFactory = (batch, cacheKey) => new DataLoader(batch, cacheKey ? { cacheKeyFn: cacheKey } : {});

/**
 * Per-request batching: one statement per kind of data, whatever the number of parents asking.
 * Resolvers pass these to service methods, which authorize before loading; none is read directly.
 */
export function createLoaders(services: Services) {
  return {
    chatSettings: dataLoader((teamIds: readonly string[]) => services.chatSettings.loadMany(teamIds)),
    chatSettingsHistory: dataLoader(
      (keys: readonly HistoryPageKey[]) => services.chatSettings.loadHistoryPages(keys),
      pageKeyOf,
    ),
    ringPlans: dataLoader((teamIds: readonly string[]) => services.ringPlans.loadMany(teamIds)),
    automation: services.automationQueries.createLoaders(dataLoader),
    deliveryByMessage: dataLoader(async (messageIds: readonly string[]) => {
      const found = new Map((await services.delivery.deliveriesOf(messageIds)).map((d) => [d.messageId, d]));
      return messageIds.map((id) => found.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
