import { ROLES, type Role } from '../domain/access';
import type { AuthSetup } from './auth';

/** The team every development token and the IDE's examples are for. */
export const DEMO_TEAM = 'demo-team';

export type DevTokens = Readonly<Record<Role, string>>;

/** One token per role for the demo team (development only: production has no signer of ours to trust). */
export async function mintDevTokens(auth: AuthSetup, ttl = '12h'): Promise<DevTokens | undefined> {
  const sign = auth.sign;
  if (!sign) return undefined;
  const entries = await Promise.all(
    ROLES.map(
      async (role) => [role, await sign({ sub: `dev-${role.toLowerCase()}`, role, teams: [DEMO_TEAM] }, ttl)] as const,
    ),
  );
  return Object.freeze(Object.fromEntries(entries) as Record<Role, string>);
}
