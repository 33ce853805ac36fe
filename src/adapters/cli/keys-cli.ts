import type { Writable } from 'node:stream';
import { type Either, isLeft, left, right } from 'fp-ts/Either';
import type { ListSigningKeys, SigningKeyListing } from '../../application/use-cases/list-signing-keys';
import type { RetireSigningKey } from '../../application/use-cases/retire-signing-key';
import type { RotateSigningKeys } from '../../application/use-cases/rotate-signing-keys';
import { assertNever, type Executes } from '../../domain/lang';
import { EXIT, type ExitCode, type Print } from './commands';
import type { CliIo } from './run-users-cli';
import { setupFrom, withTools } from './with-tools';

export type KeysCommand =
  | Readonly<{ name: 'help' }>
  | Readonly<{ name: 'list' }>
  | Readonly<{ name: 'rotate'; now: boolean }>
  | Readonly<{ name: 'retire'; kid: string }>;

/** The key use cases, from the server's own graph. */
export type KeyTools = Readonly<{
  list: Executes<ListSigningKeys>;
  rotate: Executes<RotateSigningKeys>;
  retire: Executes<RetireSigningKey>;
  close(): Promise<void>;
}>;

export type KeysCliSetup = Readonly<{
  persistent: boolean;
  /** ACCESS_REVOCATION_LAG_SECONDS: how soon every instance sees a retirement. */
  refreshSeconds: number;
  /** The JWKS max-age: how long other verifiers may keep a retired key. */
  jwksMaxAgeSeconds: number;
  open(log: Writable): Promise<KeyTools>;
}>;

export type ConfigureKeys = (env: NodeJS.ProcessEnv) => Either<string, KeysCliSetup>;

export const KEYS_USAGE = `Usage: npm run keys -- <command>

Manages the keys that sign access tokens (ACCESS_TOKEN_ALGORITHM ES256 or RS256), in the
server's store: MongoDB when MONGODB_URI is set. Keys rotate on their own every
SIGNING_KEY_ROTATION_DAYS; these commands are for the operator who needs it sooner.

Commands:
  list            Every key: kid, generation, algorithm, state, when it signs from, retired.
                  States: next (published, signs later), signing, verifying (published, its
                  tokens may be live), expired (no longer published), retired.
  rotate          Creates a key now. It is published at once and starts signing after the
                  publication delay (the JWKS cache lifetime plus a margin), so verifiers
                  already have it when they meet its first token.
  rotate --now    Creates a key that signs at once. Breaks verifiers that cached the old key
                  set and do not refetch on an unknown kid, until their cache expires.
  retire <kid>    Takes a (compromised) key out of service at once: it leaves the JWKS and its
                  tokens are refused by every instance within ACCESS_REVOCATION_LAG_SECONDS, by
                  other verifiers when their JWKS cache expires. If it was signing, a new key
                  that signs at once replaces it.
  help            Shows this text.

Exit status: 0 done; 1 bad usage, unknown kid, or HS256 (no keys); 2 failure (store).
`;

const bad = (message: string): Either<string, never> => left(message);

export const parseKeysCommand = (argv: readonly string[]): Either<string, KeysCommand> => {
  const [name = '', ...rest] = argv;
  switch (name) {
    case 'help':
    case '--help':
    case '-h':
      return right({ name: 'help' });
    case 'list':
      return rest.length === 0 ? right({ name }) : bad("'list' takes no arguments");
    case 'rotate':
      if (rest.length === 0) return right({ name, now: false });
      return rest.length === 1 && rest[0] === '--now' ? right({ name, now: true }) : bad("'rotate' takes only --now");
    case 'retire':
      return rest.length === 1 && /^[A-Za-z0-9_-]{1,128}$/.test(rest[0] ?? '') ? right({ name, kid: rest[0] ?? '' }) : bad("'retire' takes one kid");
    default:
      return bad(`unknown command '${name.replace(/=.*/s, '')}'`);
  }
};

const iso = (date: Date | null): string => (date === null ? '-' : date.toISOString());

const table = (keys: readonly SigningKeyListing[]): string[] => {
  const rows = [
    ['KID', 'GEN', 'ALG', 'STATE', 'SIGNS FROM', 'RETIRED'],
    ...keys.map((k) => [k.kid, String(k.generation), k.algorithm, k.state, iso(k.signsFrom), iso(k.retired)]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
};

const run = async (command: Exclude<KeysCommand, { name: 'help' }>, tools: KeyTools, setup: KeysCliSetup, out: Print, err: Print): Promise<ExitCode> => {
  switch (command.name) {
    case 'list': {
      const keys = await tools.list.execute();
      if (keys.length === 0) out('No keys yet: the first one is made when the service starts.');
      else table(keys).forEach((line) => out(line));
      return EXIT.ok;
    }
    case 'rotate': {
      const { created } = await tools.rotate.execute({ trigger: 'operator', immediately: command.now });
      if (created === null) {
        err('error: another instance created a key at the same moment; see `npm run keys -- list`.');
        return EXIT.failure;
      }
      out(`Created key ${created.kid} (generation ${created.generation}), published now; it signs from ${iso(created.signsFrom)}.`);
      if (command.now) out('It signs at once: verifiers that cached the previous key set refuse its tokens until they fetch the JWKS again.');
      return EXIT.ok;
    }
    case 'retire': {
      const result = await tools.retire.execute({ kid: command.kid });
      if (isLeft(result)) {
        err(`error: no key has kid '${result.left.kid}'`);
        return EXIT.usage;
      }
      const { retired, replacement } = result.right;
      out(`Retired key ${retired.kid}.`);
      if (replacement !== null) out(`It was signing: key ${replacement.kid} signs in its place from now.`);
      out(`Its tokens are refused by every instance of this service within ${setup.refreshSeconds} s (ACCESS_REVOCATION_LAG_SECONDS),`);
      out(`and by other verifiers once their cached key set expires (at most ${setup.jwksMaxAgeSeconds} s for those that honour Cache-Control).`);
      return EXIT.ok;
    }
    default:
      return assertNever(command);
  }
};

/** `npm run keys -- <command>`: parses, opens the server's graph and runs one key use case. */
export const runKeysCli = async (io: CliIo, configure: ConfigureKeys): Promise<ExitCode> => {
  const out: Print = (line) => void io.stdout.write(`${line}\n`);
  const err: Print = (line) => void io.stderr.write(`${line}\n`);
  const parsed = parseKeysCommand(io.argv);
  if (isLeft(parsed)) {
    err(`error: ${parsed.left}`);
    err(KEYS_USAGE);
    return EXIT.usage;
  }
  const command = parsed.right;
  if (command.name === 'help') {
    out(KEYS_USAGE);
    return EXIT.ok;
  }
  const setup = setupFrom(io.env, configure, err, 'note: MONGODB_URI is not set, so this command works on an empty in-memory store discarded when it exits.');
  if (setup === null) return EXIT.usage;
  return withTools(() => setup.open(io.stderr), err, (tools) => run(command, tools, setup, out, err));
};
