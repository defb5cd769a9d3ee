import { parseArgs } from 'node:util';
import { assertTeamIdFormat, ROLES, type Role } from '../domain/access';
import { createAuth } from './auth';
import { ConfigError, loadConfig } from './config';

const USAGE =
  'usage: npm run token -- --role ADMIN|ADVISOR|SERVICE --team <teamId>|* [--team …] [--ttl 12h] [--sub <subject>]';

/**
 * `npm run token`: mints a bearer token with the configured secret (AUTH_JWT_SECRET, or the
 * development secret kept under EMBEDDED_DATA_DIR). Prints only the token, for `$(…)`.
 */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      team: { type: 'string', multiple: true },
      ttl: { type: 'string', default: '12h' },
      sub: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const role = values.role?.toUpperCase();
  if (!role || !(ROLES as readonly string[]).includes(role))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const teams = values.team ?? [];
  if (!teams.length) throw new UsageError('--team is required (repeat it for several teams; * for every team)');
  for (const team of teams) if (team !== '*') assertTeamIdFormat(team, '--team');
  if (!/^\d+\s*(s|m|h|d|w)$/.test(values.ttl))
    throw new UsageError('--ttl must be a number with s, m, h, d or w, e.g. 12h or 7d');

  const config = loadConfig();
  if (config.auth.jwksUrl)
    throw new UsageError('AUTH_JWKS_URL is set: tokens come from that identity provider, not from this command');
  const auth = createAuth(config);
  if (!auth.sign || (auth.generatedSecret && !auth.secretFile)) {
    throw new UsageError(
      'no secret to sign with: set AUTH_JWT_SECRET (or run with NODE_ENV=development to use the development secret)',
    );
  }
  const token = await auth.sign(
    { sub: values.sub ?? `cli-${role.toLowerCase()}`, role: role as Role, teams },
    values.ttl,
  );
  process.stdout.write(`${token}\n`);
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message =
    err instanceof ConfigError || err instanceof UsageError || (err instanceof Error && err.name === 'DomainError')
      ? err.message
      : String(err);
  process.stderr.write(`${message}\n${err instanceof ConfigError ? '' : `${USAGE}\n`}`);
  process.exit(1);
});
