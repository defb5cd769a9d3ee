import type { Page } from './ports';

/**
 * A per-request batching loader (DataLoader, created by the GraphQL layer for each request): every
 * `load` of one tick becomes one batch, so a nested field costs one statement however many parents
 * ask for it. Services take loaders as arguments and authorize before loading.
 */
export interface Loader<K, V> {
  load(key: K): Promise<V>;
}

/** Builds a loader from a batch function that answers in key order; `cacheKey` for object keys. */
export type LoaderFactory = <K, V>(
  batch: (keys: readonly K[]) => Promise<V[]>,
  cacheKey?: (key: K) => string,
) => Loader<K, V>;

/** The cache key of a page request: the team and the page's options. */
export function pageKeyOf<O extends { teamId: string }>(key: O): string {
  const { teamId, ...options } = key;
  return JSON.stringify([teamId, options]);
}

/**
 * Answers page requests of many teams in key order; teams asking the same page (same first, after,
 * filter) share one read, so a nested list is one statement however many parents ask for it.
 */
export async function pagesInKeyOrder<O extends object, T>(
  keys: readonly ({ teamId: string } & O)[],
  read: (teamIds: string[], options: O) => Promise<Map<string, Page<T>>>,
): Promise<Page<T>[]> {
  const groups = new Map<string, { options: O; teamIds: string[] }>();
  for (const { teamId, ...options } of keys) {
    const k = JSON.stringify(options);
    const group = groups.get(k) ?? { options: options as unknown as O, teamIds: [] };
    group.teamIds.push(teamId);
    groups.set(k, group);
  }
  const pages = new Map<string, Page<T>>();
  for (const [k, { options, teamIds }] of groups) {
    for (const [teamId, page] of await read([...new Set(teamIds)], options))
      pages.set(JSON.stringify([teamId, k]), page);
  }
  return keys.map(
    ({ teamId, ...options }) =>
      pages.get(JSON.stringify([teamId, JSON.stringify(options)])) ?? { items: [], hasNextPage: false },
  );
}
