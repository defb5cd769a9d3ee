import fs from 'node:fs';
import path from 'node:path';
import { printSubgraphSdl } from '../../src/graphql/print-sdl';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe('federation', () => {
  it('serves _service { sdl } without a token, with the federation link and the Team key', async () => {
    const res = await t.gql('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    const sdl: string = res.data!._service.sdl;
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type Team\s+@key\(fields: "id"\)/);
  });

  it('keeps schema.graphql in step with the code (run `npm run schema` when this fails)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(await printSubgraphSdl(t.server.schema));
    const res = await t.gql('{ _service { sdl } }');
    expect(`${res.data!._service.sdl.trim()}\n`).toBe(committed);
  });

  it('allows introspection without a token', async () => {
    const res = await t.gql('{ __schema { queryType { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('resolves many Teams through _entities for a member as defaults, without creating their rows', async () => {
    const a = uniqueTeamId();
    const b = uniqueTeamId();
    const token = await t.token({ role: 'ADVISOR', teams: [a, b] });
    const res = await t.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id chatSettings { version senderIdentity timeZone } } } }`,
      {
        reps: [
          { __typename: 'Team', id: a },
          { __typename: 'Team', id: b },
        ],
      },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e: { id: string }) => e.id)).toEqual([a, b]);
    expect(res.data!._entities[0].chatSettings).toMatchObject({ version: 0, senderIdentity: 'COMPANY_NAME' });
    // reads never write (issue 10): the first write creates a team's row
    const stored = await t.server.dataSource.query(`SELECT id FROM team WHERE id = ANY($1) ORDER BY id`, [[a, b]]);
    expect(stored).toEqual([]);
  });
});

describe('access', () => {
  it('answers UNAUTHENTICATED without a token and reveals nothing', async () => {
    const team = uniqueTeamId();
    const res = await t.gql(`{ team(id: "${team}") { id chatSettings { senderName } } }`);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('answers UNAUTHENTICATED with HTTP 401 for an invalid token', async () => {
    const res = await t.gql(`{ team(id: "x") { id } }`, {}, 'not-a-jwt');
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('answers UNAUTHENTICATED for an expired token', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [team] }, '-1s');
    const res = await t.gql(`{ team(id: "${team}") { id } }`, {}, token);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('answers FORBIDDEN for another team, also through _entities, with no data of it', async () => {
    const mine = uniqueTeamId();
    const other = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [mine] });
    const direct = await t.gql(`{ team(id: "${other}") { id chatSettings { senderName } } }`, {}, token);
    expect(direct.data).toBeNull();
    expect(direct.errors![0].extensions!.code).toBe('FORBIDDEN');

    const entities = await t.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id chatSettings { senderName } } } }`,
      {
        reps: [
          { __typename: 'Team', id: mine },
          { __typename: 'Team', id: other },
        ],
      },
      token,
    );
    expect(entities.data!._entities[0].id).toBe(mine);
    expect(entities.data!._entities[1]).toBeNull();
    expect(entities.errors).toHaveLength(1);
    expect(entities.errors![0].extensions!.code).toBe('FORBIDDEN');
    const rows = await t.server.dataSource.query(`SELECT id FROM team WHERE id = $1`, [other]);
    expect(rows).toHaveLength(0);
  });

  it('lets a service token with "*" read any team', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'SERVICE', teams: ['*'] });
    const res = await t.gql(`{ team(id: "${team}") { id } }`, {}, token);
    expect(res.data).toEqual({ team: { id: team } });
  });

  it.each(['ADMIN', 'ADVISOR'] as const)(
    'refuses an %s token carrying "*" as UNAUTHENTICATED with HTTP 401, and writes nothing',
    async (role) => {
      const team = uniqueTeamId();
      const token = await t.token({ role, teams: ['*'] });
      const read = await t.gql(`{ team(id: "${team}") { id chatSettings { senderName } } }`, {}, token);
      expect(read.status).toBe(401);
      expect(read.data ?? null).toBeNull();
      expect(read.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      const write = await t.gql(
        `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { version } }`,
        { i: { teamId: team, companyName: 'Taken over' } },
        token,
      );
      expect(write.status).toBe(401);
      expect(write.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect(await t.server.dataSource.query(`SELECT id FROM team WHERE id = $1`, [team])).toHaveLength(0);
    },
  );

  it('refuses an ADMIN token carrying "*" next to its own team, also for its own team', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [team, '*'] });
    const res = await t.gql(`{ team(id: "${team}") { id } }`, {}, token);
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a malformed team id with BAD_USER_INPUT', async () => {
    const token = await t.token({ role: 'SERVICE', teams: ['*'] });
    const res = await t.gql(`{ team(id: "no spaces allowed") { id } }`, {}, token);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TEAM_ID' });
  });
});

describe('operations endpoints', () => {
  const base = () => t.server.url.replace(/\/graphql$/, '');

  it('/healthz says the process is up', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and the migrations', async () => {
    const res = await fetch(`${base()}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('/metrics exposes request counts by operation', async () => {
    await t.gql('query MetricsProbe { __typename }');
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/graphql_requests_total\{operation="MetricsProbe",type="query",outcome="ok"\} [1-9]/);
    expect(text).toContain('graphql_request_duration_seconds_bucket');
  });

  it('GET /graphql answers queries', async () => {
    const res = await fetch(`${t.server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
