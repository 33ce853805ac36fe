import { parseArgs } from 'node:util';
import { type Either, left, right } from 'fp-ts/Either';
import { isRole, Role } from '../../domain/role';

export type CliCommand =
  | Readonly<{ name: 'help' }>
  | Readonly<{ name: 'list' }>
  | Readonly<{ name: 'create'; username: string; firstName: string; lastName: string; role: Role }>
  | Readonly<{ name: 'set-password'; username: string }>
  | Readonly<{ name: 'revoke-sessions'; username: string }>;

/** Why the command line was refused: shown above the usage text. */
export type UsageError = Readonly<{ _tag: 'UsageError'; message: string }>;

const usageError = (message: string): Either<UsageError, never> => left({ _tag: 'UsageError', message });

const PASSWORD_OPTION = /^(--password|--pass|--pw|-p)(=|$)/i;
const NO_PASSWORD_HERE =
  'passwords are never taken from the command line (other users see arguments in the process list, ' +
  'and the shell keeps them in its history): set USER_PASSWORD or pipe it on standard input';

const OPTIONS = {
  username: { type: 'string' },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
  role: { type: 'string' },
} as const;

/** Which options each command takes: all of them required. */
const TAKES: Readonly<Record<string, readonly (keyof typeof OPTIONS)[]>> = {
  help: [],
  list: [],
  create: ['username', 'first-name', 'last-name', 'role'],
  'set-password': ['username'],
  'revoke-sessions': ['username'],
};

/** The role as typed, in any case: `admin` is Admin. */
const roleOf = (raw: string): Role | undefined => {
  const role = Object.values(Role).find((value) => value.toLowerCase() === raw.toLowerCase());
  return role !== undefined && isRole(role) ? role : undefined;
};

/**
 * The command line as a command. Error messages name options but never echo a value that was
 * not an option's: a password typed by mistake as an argument does not reach the terminal again.
 */
export const parseCommand = (argv: readonly string[]): Either<UsageError, CliCommand> => {
  if (argv.some((arg) => PASSWORD_OPTION.test(arg))) return usageError(NO_PASSWORD_HERE);
  const [name = '', ...rest] = argv;
  if (name === '--help' || name === '-h') return right({ name: 'help' });
  const allowed = Object.hasOwn(TAKES, name) ? TAKES[name] : undefined;
  if (allowed === undefined) return usageError(`unknown command '${name.replace(/=.*/s, '')}'`);

  let values: Partial<Record<keyof typeof OPTIONS, string>>;
  try {
    ({ values } = parseArgs({ args: [...rest], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      return usageError(`'${name}' takes options only, no bare arguments (a password goes in USER_PASSWORD or on standard input)`);
    }
    const option = /'(-[^'=\s]*)/.exec(String((error as Error).message))?.[1];
    return usageError(option === undefined ? `bad options for '${name}'` : `bad or unknown option ${option} for '${name}'`);
  }
  const given = Object.keys(values) as (keyof typeof OPTIONS)[];
  const extra = given.filter((option) => !allowed.includes(option));
  if (extra.length > 0) return usageError(`'${name}' does not take ${extra.map((option) => `--${option}`).join(', ')}`);
  const missing = allowed.filter((option) => (values[option] ?? '').trim() === '');
  if (missing.length > 0) return usageError(`'${name}' needs ${missing.map((option) => `--${option}`).join(', ')}`);

  const username = values.username ?? '';
  switch (name) {
    case 'create': {
      const role = roleOf(values.role ?? '');
      if (role === undefined) return usageError(`--role must be Admin or User (got '${values.role ?? ''}')`);
      return right({ name, username, firstName: values['first-name'] ?? '', lastName: values['last-name'] ?? '', role });
    }
    case 'set-password':
    case 'revoke-sessions':
      return right({ name, username });
    case 'list':
      return right({ name: 'list' });
    default:
      return right({ name: 'help' });
  }
};
