import DataLoader from 'dataloader';
import type { StoredChatSettings, TeamRingPlans } from '../domain/ports';
import type { StoredMessage, StoredMissedCall, StoredTicket, TicketKey } from '../domain/automation/automation-ports';
import type { StoredDelivery } from '../domain/delivery/delivery-ports';
import type { Services } from './services';

const keyOf = (k: TicketKey) => `${k.teamId}\u0000${k.id}`;

/** Loads by key and returns results in key order (null where absent), as DataLoader requires. */
function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOfKey: (k: K) => string, keyOfRow: (v: V) => string): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOfRow(r), r]));
  return keys.map((k) => map.get(keyOfKey(k)) ?? null);
}

function groupBy<K, V>(keys: readonly K[], rows: readonly V[], keyOfKey: (k: K) => string, keyOfRow: (v: V) => string): V[][] {
  const map = new Map<string, V[]>();
  for (const r of rows) map.set(keyOfRow(r), [...(map.get(keyOfRow(r)) ?? []), r]);
  return keys.map((k) => map.get(keyOfKey(k)) ?? []);
}

/** Per-request batching: one query per kind of data, whatever the number of teams asked for. */
export function createLoaders(services: Services) {
  return {
    chatSettings: new DataLoader<string, StoredChatSettings>((teamIds) => services.chatSettings.loadMany(teamIds)),
    ringPlans: new DataLoader<string, TeamRingPlans>((teamIds) => services.ringPlans.loadMany(teamIds)),
    messageById: new DataLoader<string, StoredMessage | null>(async (ids) =>
      byKey(ids, await services.automationQueries.messagesByIds(ids), (id) => id, (m) => m.id),
    ),
    ticketByKey: new DataLoader<TicketKey, StoredTicket | null, string>(
      async (keys) => byKey(keys, await services.automationQueries.ticketsByKeys(keys), keyOf, keyOf),
      { cacheKeyFn: keyOf },
    ),
    ticketsById: new DataLoader<string, StoredTicket[]>(async (ids) =>
      groupBy(ids, await services.automationQueries.ticketsByIds(ids), (id) => id, (t) => t.id),
    ),
    missedCallsByTicket: new DataLoader<TicketKey, StoredMissedCall[], string>(
      async (keys) =>
        groupBy(keys, await services.automationQueries.missedCallsByTickets(keys), keyOf, (c) =>
          keyOf({ teamId: c.teamId, id: c.ticketId ?? '' }),
        ),
      { cacheKeyFn: keyOf },
    ),
    deliveryByMessage: new DataLoader<string, StoredDelivery | null>(async (ids) =>
      byKey(ids, await services.delivery.deliveriesOf(ids), (id) => id, (d) => d.messageId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
