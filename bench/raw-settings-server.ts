import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, execute, parse, validate, type DocumentNode } from 'graphql';
import { jwtVerify } from 'jose';
import { Pool } from 'pg';
import { effectiveResponses } from '../src/domain/chat-settings/effective-response';
import { defaultStored } from '../src/persistence/repositories/chat-settings.repository';
import { rowToStored, TEAM_COLUMNS, type TeamRow } from '../src/persistence/repositories/team-row';

/**
 * The floor the settings read is compared with: graphql-js on node:http with pg, answering the same
 * selection with one SELECT and the same JWT check (jose HS256, a verified token remembered for a
 * minute as the service does), the same row mapping and default texts, and nothing else — no
 * Express, Apollo, federation, loaders, metrics, logging or cache.
 */
const SDL = `
  type Query { team(id: ID!): Team! teams(ids: [ID!]!): [Team!]! }
  type Team { id: ID! chatSettings: ChatSettings! }
  type ChatSettings { version: Int! senderIdentity: String! automatedResponses: [AutomatedResponse!]! }
  type AutomatedResponse { trigger: String! enabled: Boolean! template: String! }
`;

export interface RawServer {
  url: string;
  statements(): number;
  stop(): Promise<void>;
}

export async function startRawSettingsServer(databaseUrl: string, secret: string): Promise<RawServer> {
  const schema = buildSchema(SDL);
  const pool = new Pool({ connectionString: databaseUrl, max: 20 });
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, number>();
  const documents = new Map<string, DocumentNode>();
  let statements = 0;

  const settingsOf = (row: TeamRow | undefined, id: string) => {
    const stored = row ? rowToStored(row) : defaultStored(id);
    return {
      version: stored.version,
      senderIdentity: stored.data.senderIdentity,
      automatedResponses: effectiveResponses(stored.data).map((r) => ({
        trigger: r.trigger,
        enabled: r.enabled,
        template: r.template,
      })),
    };
  };
  const load = async (ids: string[]) => {
    statements += 1;
    const { rows } = await pool.query<TeamRow>(`SELECT ${TEAM_COLUMNS} FROM team WHERE id = ANY($1::text[])`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => ({ id, chatSettings: settingsOf(byId.get(id), id) }));
  };
  const rootValue = {
    team: async ({ id }: { id: string }) => (await load([id]))[0],
    teams: ({ ids }: { ids: string[] }) => load(ids),
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const reply = (status: number, body: unknown) => {
          const text = JSON.stringify(body);
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        };
        try {
          const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
          if (!token) return reply(401, { errors: [{ message: 'no token' }] });
          if ((verified.get(token) ?? 0) < Date.now()) {
            await jwtVerify(token, key, { algorithms: ['HS256'] });
            verified.set(token, Date.now() + 60_000);
          }
          const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            query: string;
            variables?: Record<string, unknown>;
          };
          let document = documents.get(query);
          if (!document) {
            document = parse(query);
            const errors = validate(schema, document);
            if (errors.length) return reply(400, { errors });
            documents.set(query, document);
          }
          reply(200, await execute({ schema, document, rootValue, variableValues: variables }));
        } catch (err) {
          reply(500, { errors: [{ message: String(err) }] });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    statements: () => statements,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

if (require.main === module) {
  // a process of its own (the settings-read bench pins it like the service): prints its URL, runs until SIGTERM
  const [databaseUrl, secret] = process.argv.slice(2);
  void startRawSettingsServer(databaseUrl, secret).then((raw) => {
    process.stdout.write(`${raw.url}\n`);
    process.once('SIGTERM', () => void raw.stop().then(() => process.exit(0)));
  });
}
