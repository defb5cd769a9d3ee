import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Subscribers for the feed benchmarks, in a child process (fork) so that their work and memory are
 * not the server's: each one is its own graphql-ws connection with one subscription, like a
 * dashboard. Driven by IPC messages from bench/feed.bench.ts.
 */
export type ClientsCommand =
  | {
      type: 'open';
      wsUrl: string;
      token: string;
      teamIds: string[];
      count: number;
      query: string;
      /** Give every subscriber its own operation name, so no two share an execution. */
      distinctOperations: boolean;
      record: boolean;
    }
  /** Connections only (connection_init acknowledged), to subscribe later with `subscribe`. */
  | { type: 'connect'; wsUrl: string; token: string; count: number }
  | { type: 'subscribe'; teamIds: string[]; query: string }
  | { type: 'count' }
  | { type: 'receipts' }
  | { type: 'close' };

export type ClientsReply =
  | { type: 'opened' }
  | { type: 'connected' }
  | { type: 'subscribed' }
  | { type: 'count'; deliveries: number; errors: number }
  | { type: 'receipts'; receipts: [string, number[]][] }
  | { type: 'closed' };

const now = () => performance.timeOrigin + performance.now();

const clients: Client[] = [];
const receipts = new Map<string, number[]>();
let deliveries = 0;
let errors = 0;

function reply(r: ClientsReply): void {
  process.send!(r);
}

// A rejected command would otherwise vanish: the listener is not awaited by process.on.
process.on('message', (command: ClientsCommand) => {
  void handle(command);
});

async function handle(command: ClientsCommand): Promise<void> {
  switch (command.type) {
    case 'open': {
      for (let i = 0; i < command.count; i++) {
        const client = createClient({
          url: command.wsUrl,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${command.token}` },
          retryAttempts: 0,
          lazy: true,
        });
        clients.push(client);
        const query = command.distinctOperations
          ? command.query.replace(/^subscription/, `subscription Dashboard${i}`)
          : command.query;
        client.subscribe<{ automatedMessageDispatched: { id: string } }>(
          { query, variables: { teamId: command.teamIds[i % command.teamIds.length] } },
          {
            next: (r) => {
              const at = now();
              if (r.errors) errors += 1;
              const id = r.data?.automatedMessageDispatched.id;
              if (!id) return;
              deliveries += 1;
              if (!command.record) return;
              let times = receipts.get(id);
              if (!times) receipts.set(id, (times = []));
              times.push(at);
            },
            error: () => {
              errors += 1;
            },
            complete: () => undefined,
          },
        );
      }
      reply({ type: 'opened' });
      return;
    }
    case 'connect': {
      let connected = 0;
      await new Promise<void>((resolve) => {
        for (let i = 0; i < command.count; i++) {
          clients.push(
            createClient({
              url: command.wsUrl,
              webSocketImpl: WebSocket,
              connectionParams: { authorization: `Bearer ${command.token}` },
              retryAttempts: 0,
              lazy: false,
              keepAlive: 0,
              on: { connected: () => ++connected === command.count && resolve() },
              onNonLazyError: () => undefined,
            }),
          );
        }
      });
      reply({ type: 'connected' });
      return;
    }
    case 'subscribe':
      clients.forEach((client, i) =>
        client.subscribe(
          { query: command.query, variables: { teamId: command.teamIds[i % command.teamIds.length] } },
          { next: () => (deliveries += 1), error: () => (errors += 1), complete: () => undefined },
        ),
      );
      reply({ type: 'subscribed' });
      return;
    case 'count':
      reply({ type: 'count', deliveries, errors });
      return;
    case 'receipts':
      reply({ type: 'receipts', receipts: [...receipts] });
      return;
    case 'close':
      await Promise.all(clients.map((c) => c.dispose()));
      reply({ type: 'closed' });
      process.exit(0);
  }
}
