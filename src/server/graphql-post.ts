import type http from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import getRawBody from 'raw-body';
import { bodyRefusal, logRefusal, sourceRefusal, type BodyError, type Refusal } from './body-limit';
import type { Logger } from './logger';

/**
 * The common request, `POST /graphql` with a JSON body in UTF-8, answered straight from node:http:
 * the same body limit (raw-body, as body-parser reads it), the same refusals, the same source check
 * and the same Apollo request pipeline as the Express route, without Express's routing, request
 * and response decoration (a profiled ~10 % of an activity's CPU). Anything else — GET, another
 * content type or charset, a compressed body — takes the Express route (`handles` says which).
 */
export interface GraphQLPost {
  handles(req: http.IncomingMessage): boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
}

interface Options<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  maxBytes: number;
  checkSource: (source: string) => GraphQLError | undefined;
  context: (req: http.IncomingMessage) => Promise<TContext>;
  logger: Logger;
}

export function graphqlPost<TContext extends BaseContext>(options: Options<TContext>): GraphQLPost {
  return {
    handles(req) {
      if (req.method !== 'POST') return false;
      const url = req.url ?? '';
      if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
      const encoding = req.headers['content-encoding'];
      if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
      return isJsonInUtf8(req.headers['content-type']);
    },
    handle(req, res) {
      answer(options, req, res).catch((err: unknown) => {
        options.logger.error({ err }, 'unexpected error answering a GraphQL request');
        if (!res.headersSent) {
          send(res, 500, { 'content-type': 'application/json; charset=utf-8' }, INTERNAL_ERROR);
        } else res.destroy();
      });
    },
  };
}

async function answer<TContext extends BaseContext>(
  { apollo, maxBytes, checkSource, context, logger }: Options<TContext>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const refuse = (refusal: Refusal) => {
    logRefusal(logger, refusal);
    send(res, refusal.status, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(refusal.body));
  };
  let text: string;
  try {
    text = await getRawBody(req, { length: req.headers['content-length'], limit: maxBytes, encoding: 'utf-8' });
  } catch (err) {
    // the client went away before its body arrived: nobody is left to answer
    if ((err as BodyError).type === 'request.aborted') return void res.destroy();
    const refusal = bodyRefusal(err as BodyError, maxBytes);
    if (!refusal) throw err;
    return refuse(refusal);
  }
  const body = parseJsonBody(text);
  if (body === undefined) {
    return refuse(bodyRefusal({ type: 'entity.parse.failed', status: 400 }, maxBytes)!);
  }
  const refused = sourceRefusal((body as { query?: unknown }).query, checkSource);
  if (refused) return refuse(refused);

  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: query === -1 ? '' : url.slice(query), body },
    context: () => context(req),
  });
  const outgoing = Object.fromEntries(response.headers);
  if (response.body.kind === 'complete') return send(res, response.status ?? 200, outgoing, response.body.string);
  res.writeHead(response.status ?? 200, outgoing);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

const INTERNAL_ERROR = JSON.stringify({
  errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
});

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** `application/json`, with no charset or UTF-8 (what body-parser's json() reads without converting). */
function isJsonInUtf8(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((p) => {
    const [name, value = ''] = p.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return /^"?utf-8"?$/i.test(value.trim());
  });
}

/** body-parser's strict JSON: an object or an array; anything else is not a GraphQL body. */
function parseJsonBody(text: string): object | undefined {
  if (text.length === 0) return {}; // as body-parser: Apollo then answers what is missing
  const first = /^[ \t\n\r]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as object;
  } catch {
    return undefined;
  }
}
