/**
 * A per-request batching loader (DataLoader, created by the GraphQL layer for each request): every
 * `load` of one tick becomes one batch, so a nested field costs one statement however many parents
 * ask for it. Services take loaders as arguments and authorize before loading.
 */
export interface Loader<K, V> {
  load(key: K): Promise<V>;
}

/** Builds a loader from a batch function that answers in key order; `cacheKey` for object keys. */
export type LoaderFactory = <K, V>(batch: (keys: readonly K[]) => Promise<V[]>, cacheKey?: (key: K) => string) => Loader<K, V>;
