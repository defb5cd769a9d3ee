import { benchToken, inProcessService, jobOn, pinning, rawSettingsProcess, serviceProcess } from './pinned';
import { postGraphQL } from './post-graphql';
import type { QueryLoadJob, QueryLoadResult } from './query-load.worker';
import { startRawSettingsServer } from './raw-settings-server';
import { BENCH_SECRET, benchDatabase } from './support';

const CONCURRENCY = 8;
const TEAMS = 100;
const ROUNDS = 3;
const SELECTION = `chatSettings { version senderIdentity automatedResponses { trigger enabled template } }`;
const SETTINGS = `query($id: ID!) { team(id: $id) { ${SELECTION} } }`;
const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { ${SELECTION} } } }`;
const RAW_TEAMS = `query($ids: [ID!]!) { teams(ids: $ids) { ${SELECTION} } }`;

/**
 * The settings read path against its floor: `team(id){chatSettings{…}}` at c=8 and `_entities` for
 * 100 Teams, each next to a raw graphql-js + node:http + pg server answering the same selection
 * with one SELECT and the same JWT check (bench/raw-settings-server.ts), in alternating rounds on
 * the same database; the ratios are the median of the rounds. Also the SQL statements the service
 * sends per request (db_statements_total), warm (from memory) and cold. As issue 10 measured it:
 * the service (built, LOG_LEVEL info) and the raw server each in a process pinned to one core, the
 * load in a process on the other (bench/pinned.ts); in-process where pinning is not available.
 */
export async function benchSettingsRead(): Promise<Record<string, number>> {
  const ms = Number(process.env.BENCH_SETTINGS_MS ?? 2500);
  const db = await benchDatabase();
  const pin = pinning();
  const server = pin ? await serviceProcess(db.url, pin.server) : await inProcessService(db.url);
  const raw = pin ? await rawSettingsProcess(db.url, pin.server) : await startRawSettingsServer(db.url, BENCH_SECRET);
  const queryLoad = async (job: QueryLoadJob) =>
    checked(await jobOn<QueryLoadResult>('query-load.worker.js', job, pin?.load));
  try {
    const teams = Array.from({ length: TEAMS }, (_, i) => `bench-settings-${i}`);
    const token = await benchToken('SERVICE', ['*']);
    const admin = await benchToken('ADMIN', teams);
    for (const [i, teamId] of teams.entries()) {
      if (i % 2) continue; // half the teams never saved: they read as defaults
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({
          query: `mutation($input: UpdateChatSettingsInput!) { updateChatSettings(input: $input) { version } }`,
          variables: { input: { teamId, teamName: `Team ${i}`, senderIdentity: 'TEAM_NAME' } },
        }),
      });
      if (!res.ok) throw new Error(`seeding failed: ${await res.text()}`);
    }
    const one = teams.map((id) => ({ id }));
    const reps = [{ reps: teams.map((id) => ({ __typename: 'Team', id })) }];
    const ids = [{ ids: teams }];
    const run = (
      url: string,
      query: string,
      variables: Record<string, unknown>[],
      durationMs: number,
      concurrency = CONCURRENCY,
    ) => queryLoad({ url, token, query, variables, durationMs, concurrency });
    const once = (query: string, variables: Record<string, unknown>) =>
      postGraphQL<{ errors?: unknown }>(server.url, token, query, variables).then((body) => {
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      });

    // cold: statements for reads of teams this instance does not hold yet
    const coldSettings = await statementsOf(server, () => once(SETTINGS, one[0]));
    const coldEntities = await statementsOf(server, () => once(ENTITIES, reps[0]));

    // warm-up (JIT, pools, caches) of all four
    await run(raw.url, SETTINGS, one, ms / 2);
    await run(server.url, SETTINGS, one, ms / 2);
    await run(raw.url, RAW_TEAMS, ids, ms / 2);
    await run(server.url, ENTITIES, reps, ms / 2);

    const rounds: {
      settings: number;
      rawSettings: number;
      entities: number;
      rawEntities: number;
      statements: number;
      entityStatements: number;
    }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const rawSettings = await run(raw.url, SETTINGS, one, ms);
      let settings = { perSecond: 0, count: 1 };
      const statements = await statementsOf(server, async () => {
        settings = await run(server.url, SETTINGS, one, ms);
      });
      const rawEntities = await run(raw.url, RAW_TEAMS, ids, ms);
      let entities = { perSecond: 0, count: 1 };
      const entityStatements = await statementsOf(server, async () => {
        entities = await run(server.url, ENTITIES, reps, ms);
      });
      rounds.push({
        settings: settings.perSecond,
        rawSettings: rawSettings.perSecond,
        entities: entities.perSecond,
        rawEntities: rawEntities.perSecond,
        statements: statements / settings.count,
        entityStatements: entityStatements / entities.count,
      });
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    return {
      settingsReadPerSecond: median(rounds.map((r) => r.settings)),
      rawSettingsReadPerSecond: median(rounds.map((r) => r.rawSettings)),
      settingsReadVsRaw: median(rounds.map((r) => r.settings / r.rawSettings)),
      entities100PerSecond: median(rounds.map((r) => r.entities)),
      rawEntities100PerSecond: median(rounds.map((r) => r.rawEntities)),
      entities100VsRaw: median(rounds.map((r) => r.entities / r.rawEntities)),
      statementsPerCachedSettingsRead: Math.max(...rounds.map((r) => r.statements)),
      statementsPerCached100Entities: Math.max(...rounds.map((r) => r.entityStatements)),
      statementsPerCold100Entities: coldEntities,
      statementsPerColdSettingsRead: coldSettings,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      pinned: pin ? 1 : 0,
    };
  } finally {
    await raw.stop();
    await server.stop();
    await db.drop();
  }
}

async function statementsOf(server: { statements(): Promise<number> }, work: () => Promise<unknown>) {
  const before = await server.statements();
  await work();
  return (await server.statements()) - before;
}

function checked(result: QueryLoadResult): QueryLoadResult {
  if (result.errors) throw new Error(`${result.errors} of ${result.count} requests failed, e.g. ${result.firstError}`);
  return result;
}
