import type { webcrypto } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';

type CryptoKey = webcrypto.CryptoKey;

/** Tokens verified against a JWKS endpoint (AUTH_JWKS_URL), with issuer and audience checks. */
let jwksServer: http.Server;
let t: TestServer;
let privateKey: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey as CryptoKey;
  otherKey = (await generateKeyPair('RS256')).privateKey as CryptoKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwksServer = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  const { port } = jwksServer.address() as AddressInfo;
  t = await startTestServer({
    env: {
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      AUTH_ISSUER: 'https://auth.example.com/',
      AUTH_AUDIENCE: 'chat-automation',
    },
  });
});

afterAll(async () => {
  await t?.close();
  await new Promise((r) => jwksServer?.close(r));
});

function sign(key: CryptoKey, team: string, claims: { iss?: string; aud?: string } = {}) {
  return new SignJWT({ role: 'ADVISOR', teams: [team] })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('advisor-1')
    .setIssuer(claims.iss ?? 'https://auth.example.com/')
    .setAudience(claims.aud ?? 'chat-automation')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

it('accepts a token signed by a key of the JWKS', async () => {
  const team = uniqueTeamId();
  const res = await t.gql(`{ team(id: "${team}") { id chatSettings { version } } }`, {}, await sign(privateKey, team));
  expect(res.errors).toBeUndefined();
  expect(res.data).toEqual({ team: { id: team, chatSettings: { version: 0 } } });
});

it.each([
  ['signed by another key', () => sign(otherKey, 'x')],
  ['from another issuer', () => sign(privateKey, 'x', { iss: 'https://evil.example.com/' })],
  ['for another audience', () => sign(privateKey, 'x', { aud: 'billing' })],
])('refuses a token %s with UNAUTHENTICATED', async (_name, token) => {
  const res = await t.gql(`{ team(id: "x") { id } }`, {}, await token());
  expect(res.status).toBe(401);
  expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
});
