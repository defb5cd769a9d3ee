import { Field, ObjectType } from 'type-graphql';
import { badInput } from '../domain/errors';

@ObjectType({ description: 'Relay-style page information' })
export class PageInfo {
  @Field({ description: 'Whether another page follows this one' })
  hasNextPage: boolean;

  @Field({
    description:
      'Whether items come before this page: true when it was asked for `after` a cursor (lists are read forward only)',
  })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "The first item's cursor; null for an empty page" })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page' })
  endCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;

/** Validates `first` of a connection (1…100). */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badInput('INVALID_PAGE_SIZE', `first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  }
  return n;
}

/** Opaque cursors: base64url of "<kind>:<value>", so clients don't build them by hand. */
export function encodeCursor(kind: string, value: string | number): string {
  return Buffer.from(`${kind}:${value}`).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  const value = decoded.startsWith(prefix) ? decoded.slice(prefix.length) : '';
  if (!/^\d{1,18}$/.test(value)) throw badInput('INVALID_CURSOR', `${field} is not a cursor of this list`, field);
  return value;
}

/**
 * A page of items as a Relay connection: edges with cursors, the nodes, and page info. `after`
 * is the cursor the page was asked for: an item of the list precedes it, so hasPreviousPage.
 */
export function connectionOf<T, N>(
  page: { readonly items: readonly T[]; readonly hasNextPage: boolean },
  toNode: (item: T) => N,
  cursorOf: (item: T) => string,
  after?: string | null,
): { edges: { cursor: string; node: N }[]; nodes: N[]; pageInfo: PageInfo } {
  const edges = page.items.map((item) => ({ cursor: cursorOf(item), node: toNode(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== null && after !== undefined && after !== '',
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
