import { authorizeTeam, mayAccessTeam, type Viewer } from '../access';
import { unauthenticated } from '../errors';
import { pageKeyOf, pagesInKeyOrder, type Loader, type LoaderFactory } from '../loader';
import type {
  AutomationReadRepository,
  MessageFilter,
  PageOf,
  StoredMessage,
  StoredMissedCall,
  StoredTicket,
  TicketKey,
} from './automation-ports';

export interface MessagePageOptions {
  readonly first: number;
  /** A position: the page starts after it. */
  readonly after: number | null;
  readonly newestFirst: boolean;
  readonly filter: MessageFilter;
}

export interface MissedCallPageOptions {
  readonly first: number;
  /** A seq: the page starts after it (newest first). */
  readonly after: number | null;
}

interface BatchedReads {
  readonly messageById: Loader<string, StoredMessage | null>;
  readonly ticketByKey: Loader<TicketKey, StoredTicket | null>;
  readonly ticketByPublicId: Loader<string, StoredTicket | null>;
  readonly missedCallsOfTicket: Loader<TicketKey, StoredMissedCall[]>;
  readonly messagePage: Loader<{ teamId: string } & MessagePageOptions, PageOf<StoredMessage>>;
  readonly missedCallPage: Loader<{ teamId: string } & MissedCallPageOptions, PageOf<StoredMissedCall>>;
}

/**
 * Per-request batching state of the automation reads (one per request, from `createLoaders`).
 * Opaque on purpose: callers reach the data only through the service's methods, which authorize first.
 */
export type AutomationLoaders = { readonly __opaque: 'AutomationLoaders' };
const batched = new WeakMap<AutomationLoaders, BatchedReads>();
const loadersOf = (handle: AutomationLoaders): BatchedReads => batched.get(handle)!;

const ticketKeyOf = (k: TicketKey) => JSON.stringify([k.teamId, k.id]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Answers "what was sent, and why not": the dispatch log, missed calls and tickets, per team. */
export class AutomationQueryService {
  constructor(private readonly repo: AutomationReadRepository) {}

  /** The team's dispatch log, a page per team: one statement for every team of the request asking the same page. */
  messages(
    viewer: Viewer | null,
    loaders: AutomationLoaders,
    teamId: string,
    options: MessagePageOptions,
  ): Promise<PageOf<StoredMessage>> {
    authorizeTeam(viewer, teamId, 'READ');
    return loadersOf(loaders).messagePage.load({ teamId, ...options });
  }

  missedCalls(
    viewer: Viewer | null,
    loaders: AutomationLoaders,
    teamId: string,
    options: MissedCallPageOptions,
  ): Promise<PageOf<StoredMissedCall>> {
    authorizeTeam(viewer, teamId, 'READ');
    return loadersOf(loaders).missedCallPage.load({ teamId, ...options });
  }

  /** The ticket a message or missed call links to (by its per-team key). */
  ticket(viewer: Viewer | null, loaders: AutomationLoaders, key: TicketKey): Promise<StoredTicket | null> {
    authorizeTeam(viewer, key.teamId, 'READ');
    return loadersOf(loaders).ticketByKey.load(key);
  }

  /** Missed calls logged on a ticket, oldest first. */
  missedCallsOfTicket(viewer: Viewer | null, loaders: AutomationLoaders, key: TicketKey): Promise<StoredMissedCall[]> {
    authorizeTeam(viewer, key.teamId, 'READ');
    return loadersOf(loaders).missedCallsOfTicket.load(key);
  }

  /** `_entities`: another team's message is answered exactly like an unknown id (null), so ids reveal nothing. */
  async messageById(viewer: Viewer | null, loaders: AutomationLoaders, id: string): Promise<StoredMessage | null> {
    if (!viewer) throw unauthenticated(); // before any read
    const message = await loadersOf(loaders).messageById.load(id);
    return message && mayAccessTeam(viewer, message.teamId, 'READ') ? message : null;
  }

  /** `_entities` by the public ticket id; another team's ticket is answered like an unknown one. */
  async ticketByPublicId(
    viewer: Viewer | null,
    loaders: AutomationLoaders,
    publicId: string,
  ): Promise<StoredTicket | null> {
    if (!viewer) throw unauthenticated();
    const ticket = await loadersOf(loaders).ticketByPublicId.load(publicId);
    return ticket && mayAccessTeam(viewer, ticket.teamId, 'READ') ? ticket : null;
  }

  /** Fresh batching state for one request; `loader` is the batching implementation (DataLoader). */
  createLoaders(loader: LoaderFactory): AutomationLoaders {
    const repo = this.repo;
    const reads: BatchedReads = {
      messageById: loader(
        async (ids: readonly string[]) => {
          const valid = ids.filter((id) => UUID.test(id));
          return inKeyOrder(
            ids,
            valid.length ? await repo.messagesByIds(valid) : [],
            (id) => id.toLowerCase(),
            (m) => m.id,
          );
        },
        (id) => id.toLowerCase(),
      ),
      ticketByPublicId: loader(
        async (ids: readonly string[]) => {
          const valid = ids.filter((id) => UUID.test(id));
          return inKeyOrder(
            ids,
            valid.length ? await repo.ticketsByPublicIds(valid) : [],
            (id) => id.toLowerCase(),
            (t) => t.publicId,
          );
        },
        (id) => id.toLowerCase(),
      ),
      ticketByKey: loader(
        async (keys: readonly TicketKey[]) =>
          inKeyOrder(keys, await repo.ticketsByKeys(keys), ticketKeyOf, ticketKeyOf),
        ticketKeyOf,
      ),
      missedCallsOfTicket: loader(
        async (keys: readonly TicketKey[]) =>
          groupedInKeyOrder(keys, await repo.missedCallsByTickets(keys), ticketKeyOf, (c) =>
            ticketKeyOf({ teamId: c.teamId, id: c.ticketId ?? '' }),
          ),
        ticketKeyOf,
      ),
      messagePage: loader(
        (keys: readonly ({ teamId: string } & MessagePageOptions)[]) =>
          pagesInKeyOrder(keys, (teamIds, o) => repo.messagePages(teamIds, o)),
        pageKeyOf,
      ),
      missedCallPage: loader(
        (keys: readonly ({ teamId: string } & MissedCallPageOptions)[]) =>
          pagesInKeyOrder(keys, (teamIds, o) => repo.missedCallPages(teamIds, o)),
        pageKeyOf,
      ),
    };
    const handle = Object.freeze({}) as AutomationLoaders;
    batched.set(handle, reads);
    return handle;
  }
}

function inKeyOrder<K, V>(
  keys: readonly K[],
  rows: readonly V[],
  keyOfKey: (k: K) => string,
  keyOfRow: (v: V) => string,
): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOfRow(r), r]));
  return keys.map((k) => map.get(keyOfKey(k)) ?? null);
}

function groupedInKeyOrder<K, V>(
  keys: readonly K[],
  rows: readonly V[],
  keyOfKey: (k: K) => string,
  keyOfRow: (v: V) => string,
): V[][] {
  const map = new Map<string, V[]>();
  for (const r of rows) {
    const list = map.get(keyOfRow(r));
    if (list) list.push(r);
    else map.set(keyOfRow(r), [r]);
  }
  return keys.map((k) => map.get(keyOfKey(k)) ?? []);
}
