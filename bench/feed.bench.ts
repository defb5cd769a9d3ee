import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Pool } from 'pg';
import type { RunningServer } from '../src/server/app';
import { httpLoad } from './activities.bench';
import { jobThread } from './pinned';
import type { ClientsCommand, ClientsReply } from './feed-clients';
import { benchDatabase, benchServer, ratePerSecond } from './support';

const ROUNDS = 4;

const FEED_QUERY = `subscription($teamId: ID!) {
  automatedMessageDispatched(teamId: $teamId) { id cursor trigger channel recipient body locale segments eventId dispatchedAt team { id } }
}`;

/**
 * What announcing commits costs the activity path: activities per second end to end over HTTP
 * (recordCallEnded, 16 concurrent, 64 teams, every one DISPATCHED) with the feed's NOTIFY off,
 * batched after commit (the default), one NOTIFY per commit after it, and NOTIFY inside every
 * activity transaction (a trigger on the dispatch log, the design this replaces). Four rounds,
 * each mode once per round in rotating order, so drift and order effects hit every mode alike;
 * and the database alone: a one-row INSERT…COMMIT with and without a NOTIFY in the transaction.
 */
export async function benchFeedNotify(): Promise<Record<string, number>> {
  const perRound = Number(process.env.BENCH_FEED_ACTIVITIES ?? 300);
  const db = await benchDatabase();
  const servers: Record<string, RunningServer> = {};
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    servers.off = await benchServer(db.url, { FEED_NOTIFY: 'off' });
    servers.batched = await benchServer(db.url, { FEED_NOTIFY: 'batched' });
    servers.perCommit = await benchServer(db.url, { FEED_NOTIFY: 'per-commit' });
    const token = await servers.off.auth.sign!({ sub: 'bench', role: 'SERVICE', teams: ['*'] });
    let offset = 0;
    const load = async (server: RunningServer, count: number) => {
      const rate = await httpLoad({ url: server.url, token, count, concurrency: 16, teams: 64, offset });
      offset += count;
      return rate;
    };
    await load(servers.off, 64 * 4); // warm-up: team rows, JIT, pools
    const inTransaction = async (on: boolean) => {
      if (on) {
        await pool.query(`CREATE FUNCTION bench_notify() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN PERFORM pg_notify('automated_message', json_build_object('t', NEW.team_id, 'p', NEW.position)::text); RETURN NEW; END $$`);
        await pool.query(`CREATE TRIGGER bench_notify AFTER INSERT ON automated_message FOR EACH ROW
          WHEN (NEW.decision = 'DISPATCHED') EXECUTE FUNCTION bench_notify()`);
      } else {
        await pool.query(`DROP TRIGGER bench_notify ON automated_message`);
        await pool.query(`DROP FUNCTION bench_notify()`);
      }
    };
    // the database alone: a one-row INSERT…COMMIT, and the same with a NOTIFY in the transaction
    const raw = new Pool({ connectionString: db.url, max: 16 });
    await raw.query(
      `CREATE TABLE bench_insert (id bigserial PRIMARY KEY, team_id text NOT NULL, payload text NOT NULL)`,
    );
    const insert = (notify: boolean) =>
      ratePerSecond(3000, 16, async (i) => {
        const c = await raw.connect();
        try {
          await c.query('BEGIN');
          await c.query(`INSERT INTO bench_insert (team_id, payload) VALUES ($1, $2)`, [
            `t-${i % 64}`,
            'x'.repeat(120),
          ]);
          if (notify) await c.query(`SELECT pg_notify('bench_insert', $1)`, [`t-${i % 64}`]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      });
    await insert(false);
    const insertCommitPerSecond = await insert(false);
    const insertNotifyCommitPerSecond = await insert(true);
    await raw.end();

    const modes: Record<string, () => Promise<number>> = {
      off: () => load(servers.off, perRound),
      batched: () => load(servers.batched, perRound),
      perCommit: () => load(servers.perCommit, perRound),
      inTransaction: async () => {
        await inTransaction(true);
        try {
          return await load(servers.off, perRound);
        } finally {
          await inTransaction(false);
        }
      },
    };
    const names = Object.keys(modes);
    const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    // every mode runs once per round, each round starting with the next one, so order effects even out
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length];
        rates[name].push(await modes[name]());
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const off = mean(rates.off);
    return {
      withoutNotifyPerSecond: off,
      batchedNotifyPerSecond: mean(rates.batched),
      perCommitNotifyPerSecond: mean(rates.perCommit),
      notifyInTransactionPerSecond: mean(rates.inTransaction),
      batchedToWithout: mean(rates.batched) / off,
      perCommitToWithout: mean(rates.perCommit) / off,
      inTransactionToWithout: mean(rates.inTransaction) / off,
      activitiesPerMode: perRound * ROUNDS,
      insertCommitPerSecond,
      insertNotifyCommitPerSecond,
      insertNotifyToInsert: insertNotifyCommitPerSecond / insertCommitPerSecond,
    };
  } finally {
    await pool.end();
    for (const s of Object.values(servers)) await s.stop();
    await db.drop();
  }
}

/**
 * Delivery latency, from the activity mutation's response (instance A) to receipt by each of 100
 * subscribers (each its own graphql-ws connection, in another process) on instance B, at a steady
 * 200 activities per second on one team: the path across instances (NOTIFY, batched). Run twice:
 * every subscriber with the same operation (one execution per message, shared) and every one with
 * its own (one execution per message and subscriber), with the server process's CPU per delivery.
 */
export async function benchFeedLatency(): Promise<Record<string, number>> {
  const perSecond = Number(process.env.BENCH_FEED_RATE ?? 200);
  const seconds = Number(process.env.BENCH_FEED_SECONDS ?? 5);
  const subscribers = 100;
  const db = await benchDatabase();
  const a = await benchServer(db.url);
  const b = await benchServer(db.url);
  try {
    const token = await a.auth.sign!({ sub: 'bench', role: 'SERVICE', teams: ['*'] });
    const run = async (teamId: string, distinctOperations: boolean) => {
      const clients = await startClients();
      try {
        await clients.ask({
          type: 'open',
          wsUrl: b.wsUrl,
          token,
          teamIds: [teamId],
          count: subscribers,
          query: FEED_QUERY,
          distinctOperations,
          record: true,
        });
        await until(async () => (await gauge(b, 'feed_subscriptions')) >= subscribers, 'subscribers registered');
        const executionsBefore = await gauge(b, 'feed_executions_total');
        const cpu = process.cpuUsage();
        const sent = await sendSteadily({ url: a.url, token, teamId, count: perSecond * seconds, perSecond });
        const expected = sent.responses.length * subscribers;
        await until(
          async () => (await clients.ask({ type: 'count' })).deliveries >= expected,
          `${expected} deliveries`,
          30000,
        );
        const used = process.cpuUsage(cpu);
        const executions = (await gauge(b, 'feed_executions_total')) - executionsBefore;
        const { receipts } = await clients.ask({ type: 'receipts' });
        const responded = new Map(sent.responses);
        const latencies: number[] = [];
        for (const [id, times] of receipts) {
          const t0 = responded.get(id);
          if (t0 !== undefined) for (const t of times) latencies.push(t - t0);
        }
        latencies.sort((x, y) => x - y);
        const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
        return {
          p50: pct(50),
          p99: pct(99),
          max: latencies[latencies.length - 1],
          deliveries: latencies.length,
          errors: sent.errors,
          executionsPerMessage: executions / sent.responses.length,
          serverCpuUsPerDelivery: (used.user + used.system) / latencies.length,
          senderLateMs: sent.lateMs,
        };
      } finally {
        await clients.ask({ type: 'close' }).catch(() => undefined);
        await until(async () => (await gauge(b, 'feed_subscriptions')) === 0, 'subscribers gone');
      }
    };
    // warm-up: JIT and pools on both instances
    await sendSteadily({ url: a.url, token, teamId: 'bench-feed-warmup', count: 200, perSecond: 400 });
    const shared = await run('bench-feed-shared', false);
    const distinct = await run('bench-feed-distinct', true);
    return {
      subscribers,
      activitiesPerSecond: perSecond,
      activities: perSecond * seconds,
      deliveries: shared.deliveries,
      latencyP50Ms: shared.p50,
      latencyP99Ms: shared.p99,
      latencyMaxMs: shared.max,
      executionsPerMessage: shared.executionsPerMessage,
      serverCpuUsPerDelivery: shared.serverCpuUsPerDelivery,
      perSubscriberExecution_latencyP50Ms: distinct.p50,
      perSubscriberExecution_latencyP99Ms: distinct.p99,
      perSubscriberExecution_executionsPerMessage: distinct.executionsPerMessage,
      perSubscriberExecution_serverCpuUsPerDelivery: distinct.serverCpuUsPerDelivery,
      mutationErrors: shared.errors + distinct.errors,
      senderLateMaxMs: Math.max(shared.senderLateMs, distinct.senderLateMs),
    };
  } finally {
    await b.stop();
    await a.stop();
    await db.drop();
  }
}

/**
 * Memory per idle subscription: the server process's RSS (and V8 heap) before and after 1,000
 * graphql-ws connections with one subscription each (100 teams), after a full GC both times. The
 * clients live in another process, so the delta is the server's alone.
 */
export async function benchFeedMemory(): Promise<Record<string, number>> {
  const connections = 1000;
  const db = await benchDatabase();
  const server = await benchServer(db.url);
  const clients = await startClients();
  try {
    const token = await server.auth.sign!({ sub: 'bench', role: 'SERVICE', teams: ['*'] });
    const teamIds = Array.from({ length: 100 }, (_, i) => `bench-idle-${i}`);
    // warm-up: the code paths, then back to none
    const warm = await startClients();
    await warm.ask({
      type: 'open',
      wsUrl: server.wsUrl,
      token,
      teamIds,
      count: 50,
      query: FEED_QUERY,
      distinctOperations: false,
      record: false,
    });
    await until(async () => (await gauge(server, 'feed_subscriptions')) >= 50, 'warm-up subscribers');
    await warm.ask({ type: 'close' });
    await until(async () => (await gauge(server, 'feed_subscriptions')) === 0, 'warm-up subscribers gone');

    const before = await settledMemory();
    await clients.ask({ type: 'connect', wsUrl: server.wsUrl, token, count: connections });
    const connected = await settledMemory();
    await clients.ask({ type: 'subscribe', teamIds, query: FEED_QUERY });
    await until(
      async () => (await gauge(server, 'feed_subscriptions')) >= connections,
      `${connections} subscribers`,
      30000,
    );
    const after = await settledMemory();
    const kib = (bytes: number) => bytes / connections / 1024;
    return {
      connections,
      rssDeltaMiB: (after.rss - before.rss) / 2 ** 20,
      rssPerSubscribedConnectionKiB: kib(after.rss - before.rss),
      heapPerSubscribedConnectionKiB: kib(after.heapUsed - before.heapUsed),
      rssPerConnectionAloneKiB: kib(connected.rss - before.rss),
      heapPerConnectionAloneKiB: kib(connected.heapUsed - before.heapUsed),
      heapPerSubscriptionKiB: kib(after.heapUsed - connected.heapUsed),
    };
  } finally {
    await clients.ask({ type: 'close' }).catch(() => undefined);
    await server.stop();
    await db.drop();
  }
}

/** Memory after the garbage of handshakes has become collectable and is collected. */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  await new Promise((r) => setTimeout(r, 300));
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage();
}

async function gauge(server: RunningServer, name: string): Promise<number> {
  const text = await (await fetch(server.url.replace(/\/graphql$/, '/metrics'))).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`metric ${name} not found`);
  return Number(m[1]);
}

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Clients {
  ask<T extends ClientsCommand['type']>(
    command: Extract<ClientsCommand, { type: T }>,
  ): Promise<Extract<ClientsReply, { type: ReplyTo<T> }>>;
}
type ReplyTo<T> = T extends 'open' ? 'opened' : T extends 'close' ? 'closed' : T;

/** The subscribers' process (bench/feed-clients.ts); one command at a time. */
async function startClients(): Promise<Clients> {
  const child: ChildProcess = fork(path.join(__dirname, 'feed-clients.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let queue = Promise.resolve<unknown>(undefined);
  return {
    ask: (command) => {
      const answer = queue.then(
        () =>
          new Promise<never>((resolve, reject) => {
            child.once('message', resolve as (m: unknown) => void);
            child.once('exit', (code) => reject(new Error(`subscriber process exited (${code})`)));
            child.send(command);
          }),
      );
      queue = answer.catch(() => undefined);
      return answer;
    },
  };
}

function sendSteadily(job: { url: string; token: string; teamId: string; count: number; perSecond: number }) {
  return jobThread<{ responses: [string, number][]; errors: number; lateMs: number }>('feed-sender.worker.js', job);
}
