import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { callEnded } from '../factories/activities';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { buildOnce, killServices, productionEnv, runService } from '../support/process';
import { TEST_JWT_SECRET } from '../support/server';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** An OTLP/HTTP (JSON) collector that keeps what the service exports in memory. */
async function startCollector() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    raw: () => bodies.join('\n'),
    spans: (): ExportedSpan[] =>
      bodies.flatMap((b) =>
        (JSON.parse(b).resourceSpans ?? []).flatMap((rs: any) =>
          rs.scopeSpans.flatMap((ss: any) => ss.spans as ExportedSpan[]),
        ),
      ),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const attr = (s: ExportedSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v ? Object.values(v)[0] : undefined;
};

let db: TestDatabase;
beforeAll(async () => {
  buildOnce();
  db = await createTestDatabase();
});
afterAll(async () => {
  killServices();
  await db?.drop();
});

it('exports spans for HTTP, GraphQL and SQL under the caller`s traceparent, and an activity span without phone or text', async () => {
  const collector = await startCollector();
  try {
    const p = runService(productionEnv(db.url, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }));
    const port = Number((await p.waitFor(/"port":(\d+)[^\n]*chat-automation ready/))[1]);
    const token = await new SignJWT({ role: 'SERVICE', teams: ['trace-team'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('telephony')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const routerSpanId = '00f067aa0ba902b7';
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        traceparent: `00-${traceId}-${routerSpanId}-01`,
      },
      body: JSON.stringify({
        query: `mutation Missed($i: CallEndedInput!) { recordCallEnded(input: $i) { decision message { body } } }`,
        variables: {
          i: callEnded('trace-team', {
            phone: '+4930777888999',
            customerName: 'Wilhelmina',
            endedDuring: 'VOICEMAIL_GREETING',
          }),
        },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.data.recordCallEnded.decision).toBe('DISPATCHED');
    p.child.kill('SIGTERM'); // shutdown exports what is buffered
    expect((await p.exited).code).toBe(0);

    const spans = collector.spans().filter((s) => s.traceId === traceId);
    const server = spans.find((s) => s.kind === 2 && attr(s, 'http.request.method') === 'POST');
    expect(server).toBeDefined();
    expect(server!.parentSpanId).toBe(routerSpanId);
    expect(spans.map((s) => s.name)).toEqual(
      expect.arrayContaining(['graphql.parse', 'graphql.validate', 'mutation Missed']),
    );
    expect(
      attr(
        spans.find((s) => s.name === 'mutation Missed')!,
        'graphql.operation.name',
      ),
    ).toBe('Missed');
    expect(spans.some((s) => s.name.startsWith('pg.query'))).toBe(true);
    const activity = spans.find((s) => s.name === 'automation.activity CALL_ENDED');
    expect(
      activity && Object.fromEntries(activity.attributes.map((a) => [a.key, Object.values(a.value)[0]])),
    ).toMatchObject({
      'automation.team_id': 'trace-team',
      'automation.trigger': 'MISSED_CALL',
      'automation.decision': 'DISPATCHED',
    });
    // nothing exported carries the caller's number, name or the message text
    expect(collector.raw()).not.toContain('4930777888999');
    expect(collector.raw()).not.toContain('Wilhelmina');
    expect(collector.raw()).not.toContain(body.data.recordCallEnded.message.body);
  } finally {
    await collector.close();
  }
});

it('exports nothing and starts normally without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
  const collector = await startCollector();
  try {
    const p = runService(productionEnv(db.url));
    await p.waitFor(/chat-automation ready/);
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
    expect(collector.spans()).toEqual([]);
  } finally {
    await collector.close();
  }
});
