import crypto from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ROLES, type Viewer } from '../domain/access';
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
  let generatedSecret = false;
  let secretFile: string | undefined;
  let key: Uint8Array | JWTVerifyGetKey;
  let secret: Uint8Array | undefined;
  if (config.auth.jwksUrl) {
    key = createRemoteJWKSet(new URL(config.auth.jwksUrl));
  } else {
    let raw = config.auth.jwtSecret;
    if (!raw) {
      // config refuses production without a secret; development keeps one under the data
      // directory (tokens survive restarts, `npm run token` signs with it); tests get one per process
      if (config.env === 'development') {
        secretFile = devSecretFile(config);
        raw = loadOrCreateDevSecret(secretFile);
      } else {
        raw = crypto.randomBytes(32).toString('base64url');
      }
      generatedSecret = true;
    }
    secret = new TextEncoder().encode(raw);
    key = secret;
  }
  const algorithms = config.auth.jwksUrl ? ['RS256', 'ES256', 'PS256', 'EdDSA'] : ['HS256'];

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
      if (!claims.success) throw unauthenticated('Token claims must include sub, role (ADMIN, ADVISOR, SERVICE) and teams');
      return { viewer: Object.freeze({ ...claims.data, teams: Object.freeze(claims.data.teams) }) as Viewer, exp: payload.exp };
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
