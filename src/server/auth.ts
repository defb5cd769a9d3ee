import crypto from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ALL_TEAMS, mayCarryAllTeams, ROLES, type Viewer } from '../domain/access';
import { unauthenticated } from '../domain/errors';
import type { Config } from './config';
import { devSecretFile, loadOrCreateDevSecret } from './dev-secret';

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  teams: z.array(z.string().min(1)).max(10000),
});

const VERIFIED_CACHE_SIZE = 10_000;
const VERIFIED_CACHE_MS = 60_000;

export interface TokenVerifier {
  /** Resolves the viewer of an `Authorization` header value; null when there is none. */
  viewerFromHeader(header: string | undefined | null): Promise<Viewer | null>;
  /** Both at once (one verification): the viewer and when its token expires; null without a header. */
  sessionFromHeader(header: string | undefined | null): Promise<{ viewer: Viewer; expiresAt: Date | null } | null>;
}

export interface AuthSetup {
  verifier: TokenVerifier;
  /** HS256 signer, present with a shared secret (development prints a token with it). */
  sign?: (claims: { sub: string; role: Viewer['role']; teams: string[] }, expiresIn?: string) => Promise<string>;
  /** True when no secret is configured and development or test made one (see secretFile). */
  generatedSecret: boolean;
  /** Where the development secret is kept (development without AUTH_JWT_SECRET/AUTH_JWKS_URL). */
  secretFile?: string;
}

/** Verifies bearer JWTs with the configured HS256 secret or JWKS; development keeps its own secret. */
export function createAuth(config: Config): AuthSetup {
  const { key, secret, generatedSecret, secretFile, algorithms } = verificationKey(config);

  // Services send the same token with every request: a verified token is remembered briefly
  // (never past its expiry), which spares the signature check on the hot path.
  const verified = new Map<string, { viewer: Viewer; exp?: number; until: number }>();

  async function verify(header: string | undefined | null) {
    if (header === undefined || header === null || header === '') return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('Authorization must be "Bearer <token>"');
    const now = Date.now();
    const known = verified.get(match[1]);
    if (known && now < known.until) return known;
    const result = await verifySignature(match[1]);
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(match[1], { ...result, until: Math.min(now + VERIFIED_CACHE_MS, result.exp ? result.exp * 1000 : 0) });
    return result;
  }

  async function verifySignature(token: string): Promise<{ viewer: Viewer; exp?: number }> {
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        issuer: config.auth.issuer,
        audience: config.auth.audience,
      });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success)
        throw unauthenticated('Token claims must include sub, role (ADMIN, ADVISOR, SERVICE) and teams');
      if (claims.data.teams.includes(ALL_TEAMS) && !mayCarryAllTeams(claims.data)) {
        // PRODUCT.md §9: a person's token never stands for every team
        throw unauthenticated(`Only SERVICE tokens may carry "${ALL_TEAMS}" in teams`);
      }
      return {
        viewer: Object.freeze({ ...claims.data, teams: Object.freeze(claims.data.teams) }) as Viewer,
        exp: payload.exp,
      };
    } catch (err) {
      if (err instanceof Error && err.name === 'DomainError') throw err;
      throw unauthenticated('Invalid or expired token');
    }
  }

  const verifier: TokenVerifier = {
    viewerFromHeader: async (h) => (await verify(h))?.viewer ?? null,
    sessionFromHeader: async (h) => {
      const r = await verify(h);
      return r ? { viewer: r.viewer, expiresAt: r.exp ? new Date(r.exp * 1000) : null } : null;
    },
  };

  const sign = secret
    ? (claims: { sub: string; role: Viewer['role']; teams: string[] }, expiresIn = '12h') => {
        let jwt = new SignJWT({ role: claims.role, teams: claims.teams })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(claims.sub)
          .setIssuedAt()
          .setExpirationTime(expiresIn);
        if (config.auth.issuer) jwt = jwt.setIssuer(config.auth.issuer);
        if (config.auth.audience) jwt = jwt.setAudience(config.auth.audience);
        return jwt.sign(secret);
      }
    : undefined;

  return { verifier, sign, generatedSecret, secretFile };
}

/** The key tokens are verified with: the JWKS, or the HS256 secret (generated per process in development). */
function verificationKey(config: Config): {
  key: Uint8Array | JWTVerifyGetKey;
  secret?: Uint8Array;
  generatedSecret: boolean;
  secretFile?: string;
  algorithms: string[];
} {
  if (config.auth.jwksUrl) {
    return {
      key: createRemoteJWKSet(new URL(config.auth.jwksUrl)),
      generatedSecret: false,
      algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
    };
  }
  if (config.auth.jwtSecret) {
    const secret = new TextEncoder().encode(config.auth.jwtSecret);
    return { key: secret, secret, generatedSecret: false, algorithms: ['HS256'] };
  }
  // config refuses production without a secret; development keeps one under the data directory
  // (tokens survive restarts, `npm run token` signs with it); tests get one per process
  const secretFile = config.env === 'development' ? devSecretFile(config) : undefined;
  const raw = secretFile ? loadOrCreateDevSecret(secretFile) : crypto.randomBytes(32).toString('base64url');
  const secret = new TextEncoder().encode(raw);
  return { key: secret, secret, generatedSecret: true, secretFile, algorithms: ['HS256'] };
}
