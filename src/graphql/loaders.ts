import DataLoader from 'dataloader';
import type { LoaderFactory } from '../domain/loader';
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
    ringPlans: dataLoader((teamIds: readonly string[]) => services.ringPlans.loadMany(teamIds)),
    automation: services.automationQueries.createLoaders(dataLoader),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
