import { type Either, isLeft } from 'fp-ts/Either';
import { Actor } from '../../domain/actor';
import type { Forbidden, InvalidPassword, InvalidUser, UserNotFound, UsernameTaken } from '../../domain/errors';
import { assertNever } from '../../domain/lang';
import type { User } from '../../domain/user';
import type { OperatorTools } from './operator-tools';
import type { CliCommand } from './parse-command';

export const EXIT = { ok: 0, usage: 1, failure: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Recorded as revokedByIp on the tokens that revoke-sessions revokes. */
export const OPERATOR_IP = 'cli';

/** Every refusal of the use cases the operator runs. */
type Refusal = Forbidden | InvalidUser | InvalidPassword | UsernameTaken | UserNotFound;

/** The command line's one mapping of the use cases' refusals. */
const refusal = (error: Refusal, username: string): Readonly<{ code: ExitCode; message: string }> => {
  switch (error._tag) {
    case 'InvalidUser':
    case 'InvalidPassword':
      return { code: EXIT.usage, message: `refused: ${error.problems.join('; ')}` };
    case 'UsernameTaken':
      return { code: EXIT.usage, message: `refused: username '${error.username}' is already taken` };
    case 'UserNotFound':
      return { code: EXIT.usage, message: `refused: no user is named '${username}'` };
    case 'Forbidden':
      // The operator may do anything: reaching here is a bug.
      return { code: EXIT.failure, message: 'unexpected refusal: Forbidden' };
    default:
      return assertNever(error);
  }
};

const table = (users: readonly User[]): string[] => {
  const rows = [['ID', 'USERNAME', 'ROLE', 'NAME'], ...users.map((u) => [u.id, u.username, u.role, `${u.firstName} ${u.lastName}`])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
};

export type Print = (line: string) => void;

/** Runs a parsed command on the operator's tools; answers its exit code. Refusals go to `err`. */
export const runCommand = async (
  command: Exclude<CliCommand, { name: 'help' }>,
  password: string,
  tools: OperatorTools,
  /** ACCESS_REVOCATION_LAG_SECONDS, said after revoke-sessions. */
  revocationLagSeconds: number,
  out: Print,
  err: Print,
): Promise<ExitCode> => {
  const settle = <A>(result: Either<Refusal, A>, username: string, done: (value: A) => void): ExitCode => {
    if (isLeft(result)) {
      const { code, message } = refusal(result.left, username);
      err(`error: ${message}`);
      return code;
    }
    done(result.right);
    return EXIT.ok;
  };
  switch (command.name) {
    case 'list':
      return settle(await tools.listUsers.execute({ actor: Actor.operator }), '', (users) => {
        if (users.length === 0) out('No users.');
        else table(users).forEach((line) => out(line));
      });
    case 'create': {
      const { username, firstName, lastName, role } = command;
      const result = await tools.createUser.execute({ actor: Actor.operator, username, firstName, lastName, role, password });
      return settle(result, command.username, (user) => out(`Created user '${user.username}' (${user.role}), id ${user.id}.`));
    }
    case 'set-password': {
      const result = await tools.setPassword.execute({ actor: Actor.operator, username: command.username, password });
      return settle(result, command.username, (user) => {
        out(`Password of '${user.username}' set.`);
        out(`Sessions already open stay open: end them with 'npm run users -- revoke-sessions --username ${user.username}'.`);
      });
    }
    case 'revoke-sessions': {
      const result = await tools.revokeSessions.execute({ actor: Actor.operator, username: command.username, ip: OPERATOR_IP });
      return settle(result, command.username, ({ user, families }) => {
        if (families.length === 0) return out(`'${user.username}' had no active session.`);
        out(`Revoked ${families.length} session(s) of '${user.username}':`);
        families.forEach((family) => out(`  ${family}`));
        out(`Their refresh tokens no longer work; their access tokens are refused within ACCESS_REVOCATION_LAG_SECONDS (${revocationLagSeconds} s here).`);
      });
    }
    default:
      return assertNever(command);
  }
};
