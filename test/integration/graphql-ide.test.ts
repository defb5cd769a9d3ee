import { loadConfig } from '../../src/server/config';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../support/server';

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const origin = (t: TestServer) => `http://127.0.0.1:${t.server.port}`;

describe('the GraphQL IDE', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  it('serves GraphiQL at GET /graphql to browsers, self-contained, with a token per role in the example tabs', async () => {
    const res = await fetch(`${origin(t)}/graphql`, { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain('<title>chat-automation GraphiQL</title>');
    // nothing from a CDN: no external script, stylesheet or icon
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    for (const role of ['ADMIN', 'SERVICE'] as const) expect(page).toContain(`Bearer ${t.server.devTokens![role]}`);
    for (const op of [
      'query ReadSettings',
      'mutation SaveTemplate',
      'mutation CreateRingPlan',
      'mutation RecordMissedCall',
      'subscription Feed',
    ]) {
      expect(page).toContain(op);
    }
  });

  it('redirects / there and still answers GraphQL clients on the same path', async () => {
    const root = await fetch(`${origin(t)}/`, { headers: html, redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');
    const get = await fetch(`${origin(t)}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': '1' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GRAPHQL_IDE', () => {
  it('is off by default in production and on elsewhere', () => {
    const base = { AUTH_JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: 'postgres://x/y' };
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).graphqlIde).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production', GRAPHQL_IDE: 'on' }).graphqlIde).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).graphqlIde).toBe(true);
    expect(() => loadConfig({ ...base, GRAPHQL_IDE: 'yes' })).toThrow(/GRAPHQL_IDE/);
  });

  it('=off serves no IDE and leaves / alone', async () => {
    const t = await startTestServer({ env: { GRAPHQL_IDE: 'off' } });
    try {
      const page = await fetch(`${origin(t)}/graphql`, { headers: html });
      expect(await page.text()).not.toContain('GraphiQL');
      expect((await fetch(`${origin(t)}/`, { headers: html, redirect: 'manual' })).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
