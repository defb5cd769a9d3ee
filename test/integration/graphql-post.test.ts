import http from 'node:http';
import zlib from 'node:zlib';
import { callEnded } from '../factories/activities';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';

// A POST /graphql with a plain JSON body is answered straight from node:http (src/server/graphql-post.ts);
// any other request takes the Express route. Both must answer alike: same status, same body, same refusals.
let t: TestServer;
let token: string;
beforeAll(async () => {
  t = await startTestServer({ env: { MAX_BODY_BYTES: '4096' } });
  token = await t.token({ role: 'SERVICE', teams: ['*'] });
});
afterAll(async () => {
  await t?.close();
});

interface Raw {
  status: number;
  type: string;
  body: string;
}

/** A raw HTTP POST (no client-side rewriting of headers or body). */
function post(body: Buffer | string, headers: Record<string, string>, path = '/graphql'): Promise<Raw> {
  const url = new URL(t.server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
/** The Express route: a gzip body is only read there (body-parser inflates it). */
const viaExpress = (text: string) => post(zlib.gzipSync(text), { ...JSON_TYPE, 'content-encoding': 'gzip' });
const viaFastPath = (text: string) => post(text, JSON_TYPE);

const query = (q: string, variables?: object) => JSON.stringify({ query: q, variables });

describe('POST /graphql, with and without Express', () => {
  it.each([
    ['an operation', query('{ team(id: "t1") { id chatSettings { version } } }')],
    ['a validation error', query('{ team(id: "t1") { nope } }')],
    ['a syntax error', query('{ team(id: ')],
    ['a refused source (too deep brackets)', query(`{ team(id: "t1") { id } } ${'['.repeat(300)}`)],
    ['a body that is not JSON', '{"query": '],
    ['JSON that is not an object', '"{ __typename }"'],
    ['an empty body', ''],
    ['a body over MAX_BODY_BYTES', query(`{ __typename } #${'x'.repeat(5000)}`)],
  ])('answers %s alike', async (_what, text) => {
    const [fast, express] = [await viaFastPath(text), await viaExpress(text)];
    expect(fast.status).toBe(express.status);
    expect(fast.type).toBe(express.type);
    expect(JSON.parse(fast.body)).toEqual(JSON.parse(express.body));
  });

  it('records an activity on either route, and answers a token it refuses with 401 on either', async () => {
    const team = uniqueTeamId('post');
    const record = 'mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision duplicate } }';
    const input = callEnded(team);
    const first = await viaFastPath(query(record, { i: input }));
    const again = await viaExpress(query(record, { i: input }));
    expect(JSON.parse(first.body).data.recordCallEnded).toEqual({ decision: 'DISPATCHED', duplicate: false });
    expect(JSON.parse(again.body).data.recordCallEnded).toEqual({ decision: 'DISPATCHED', duplicate: true });

    const bad = { ...JSON_TYPE, authorization: 'Bearer nope' };
    const refused = await post(query('{ __typename }'), bad);
    const refusedExpress = await post(zlib.gzipSync(query('{ __typename }')), { ...bad, 'content-encoding': 'gzip' });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual(JSON.parse(refusedExpress.body));
  });

  it('reads a UTF-8 charset parameter on the fast route and other charsets on the Express route', async () => {
    // read as UTF-8, a UTF-16 body is not JSON at all: both answering proves each went where it is read
    const text = query('{ team(id: "t1") { id } } # Zürich');
    const utf8 = await post(text, { 'content-type': 'application/json; charset=UTF-8' });
    expect(JSON.parse(utf8.body).data.team.id).toBe('t1');
    const utf16 = await post(Buffer.from(text, 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' });
    expect(JSON.parse(utf16.body).data.team.id).toBe('t1');
  });
});

describe('a client that goes away', () => {
  it('mid-body leaves the service answering the next request', async () => {
    const url = new URL(t.server.url);
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: '/graphql',
        method: 'POST',
        headers: { ...JSON_TYPE, 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"query": "{ __typ');
      setImmediate(() => {
        req.destroy();
        resolve();
      });
    });
    const next = await viaFastPath(query('{ __typename }'));
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body)).toEqual({ data: { __typename: 'Query' } });
  });
});
