import { decodeJwt } from 'jose';
import { localKeyFile, localSigningKeys, signToken, tokenPolicyOf, trustsLocalKey } from '../subgraphs/kit/auth/identity';
import { isCommunityScoped, isRole, ROLE_BUREAU, ROLE_DESCRIPTIONS, ROLE_PURPOSES, ROLES } from '../subgraphs/kit/auth/roles';
import { loadSettings } from '../subgraphs/kit/settings';

/**
 * `npm run token -- --role <role> [--community <code>] [--subject <id>] [--bureau <name>] [--expires 8h]`:
 * prints a token for the local demo, signed with the key pair the services verify against, naming it (`kid`). A token
 * the services would refuse (expiring in the past, or living longer than TOKEN_MAX_LIFETIME_SECONDS) is not printed.
 */

const USAGE = `Usage: npm run -s token -- --role <role> [--community <12-digit code>] [--subject <official id>] [--bureau <bureau>] [--expires <8h>]

--expires is a duration such as 30m, 8h (the default) or 12h, at most what the services accept
(TOKEN_MAX_LIFETIME_SECONDS, default 12 h).

Roles (and the purposes each may declare in the x-purpose header):
${ROLES.map((role) => `  ${role.toLowerCase().replace(/_/g, '-').padEnd(26)} ${ROLE_DESCRIPTIONS[role]}\n${' '.repeat(29)}purposes: ${ROLE_PURPOSES[role].join(', ')}`).join('\n')}`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const roleArg = option(args, 'role');
  if (!roleArg) fail('Name a role with --role.');
  const role = roleArg.toUpperCase().replace(/-/g, '_');
  if (!isRole(role)) fail(`Unknown role "${roleArg}".`);
  const community = option(args, 'community');
  if (isCommunityScoped(role) && !/^\d{12}$/.test(community ?? '')) fail('A community worker needs --community <12-digit community code>.');
  const bureau = option(args, 'bureau') ?? ROLE_BUREAU[role] ?? 'city-government';
  const settings = loadSettings();
  const request = {
    subject: option(args, 'subject') ?? `demo-${role.toLowerCase().replace(/_/g, '-')}`,
    bureau,
    role,
    community: isCommunityScoped(role) ? community : null,
    expiresIn: option(args, 'expires') ?? '8h',
  };
  const token = await signToken((await localSigningKeys(localKeyFile(settings.DATA_DIR))).privateKey, request, tokenPolicyOf(settings));
  const { iat, exp } = decodeJwt(token);
  if (exp! <= iat!) fail(`--expires ${option(args, 'expires')} ends before the token is issued: the services would refuse it as expired.`);
  if (!trustsLocalKey(settings)) {
    console.error('Note: AUTH_JWKS_URL or AUTH_PUBLIC_KEY is set, so services started with it trust the identity provider, not this local demo key.');
  }
  console.log(token);
}

main(process.argv.slice(2)).catch((error) => fail(error instanceof Error ? error.message : String(error)));
