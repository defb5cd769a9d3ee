import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received<T = any> {
  /** `next` payloads with data, in arrival order. */
  readonly data: T[];
  /** `next` payloads that carried errors, and the `error` message's errors. */
  readonly errors: { message: string; extensions?: Record<string, any> }[];
  readonly completed: boolean;
  /** Resolves once `n` data payloads arrived (rejects after `timeoutMs`). */
  waitForData(n: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the subscription ended (complete or error). */
  waitForEnd(timeoutMs?: number): Promise<void>;
  unsubscribe(): void;
}

export interface FeedClient {
  readonly client: Client;
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): Received<T>;
  /** Resolves with the close event's code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** A real graphql-ws client (protocol graphql-transport-ws) over `ws`, without retries. */
export function feedClient(wsUrl: string, token: string | null): FeedClient {
  let resolveClosed!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClosed = r));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    lazyCloseTimeout: 0,
    on: {
      closed: (e) =>
        resolveClosed({ code: (e as { code: number }).code, reason: String((e as { reason: unknown }).reason) }),
    },
  });
  return {
    client,
    closed,
    subscribe<T>(query: string, variables?: Record<string, unknown>): Received<T> {
      const data: T[] = [];
      const errors: Received['errors'] = [];
      let completed = false;
      const waiters = new Set<() => void>();
      const changed = () => waiters.forEach((w) => w());
      const unsubscribe = client.subscribe<T>(
        { query, variables },
        {
          next: (r) => {
            if (r.errors?.length) errors.push(...(r.errors as Received['errors']));
            if (r.data) data.push(r.data as T);
            changed();
          },
          error: (e) => {
            if (Array.isArray(e)) errors.push(...e);
            else
              errors.push({
                message: String((e as { reason?: string }).reason ?? e),
                extensions: { closeCode: (e as { code?: number }).code },
              });
            completed = true;
            changed();
          },
          complete: () => {
            completed = true;
            changed();
          },
        },
      );
      const waitUntil = (ok: () => boolean, what: string, timeoutMs: number) =>
        new Promise<void>((resolve, reject) => {
          if (ok()) return resolve();
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(
              new Error(
                `timed out after ${timeoutMs} ms waiting for ${what} (got ${data.length}, errors ${JSON.stringify(errors)})`,
              ),
            );
          }, timeoutMs);
          const check = () => {
            if (!ok()) return;
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          };
          waiters.add(check);
        });
      return {
        data,
        errors,
        get completed() {
          return completed;
        },
        waitForData: async (n, timeoutMs = 10000) => {
          await waitUntil(() => data.length >= n || (completed && data.length < n), `${n} messages`, timeoutMs);
          if (data.length < n)
            throw new Error(`subscription ended after ${data.length} of ${n} messages: ${JSON.stringify(errors)}`);
          return data;
        },
        waitForEnd: (timeoutMs = 10000) => waitUntil(() => completed, 'the end of the subscription', timeoutMs),
        unsubscribe,
      };
    },
    dispose: async () => {
      await client.dispose();
    },
  };
}

/** Polls `probe` until it returns true (bounded): for state only visible from outside, like a metric. */
export async function eventually(
  probe: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 10000,
  everyMs = 20,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The position inside a message cursor (base64url of "AutomatedMessage:<position>"). */
export function positionOf(cursor: string): number {
  return Number(Buffer.from(cursor, 'base64url').toString('utf8').split(':')[1]);
}
