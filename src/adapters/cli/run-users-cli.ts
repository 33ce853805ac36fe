import type { Writable } from 'node:stream';
import { type Either, isLeft } from 'fp-ts/Either';
import { EXIT, type ExitCode, type Print, runCommand } from './commands';
import type { OperatorTools } from './operator-tools';
import { parseCommand } from './parse-command';
import { NoPassword, type PasswordSources, readPassword } from './read-password';
import { USAGE } from './usage';
import { setupFrom, withTools } from './with-tools';

export type CliIo = Readonly<{
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdin: PasswordSources['stdin'];
  /** The command's answer. */
  stdout: Writable;
  /** Errors, notes, prompts and log lines. */
  stderr: Writable;
}>;

export { EXIT, type ExitCode };

/** What the CLI learns from the configuration, and how it opens its tools. */
export type CliSetup = Readonly<{
  /** MongoDB (kept), rather than the embedded store (discarded when the command exits). */
  persistent: boolean;
  /** ACCESS_REVOCATION_LAG_SECONDS: said after revoke-sessions. */
  revocationLagSeconds: number;
  /** Opens the store and the use cases; their log lines go to `log` (stderr). */
  open(log: Writable): Promise<OperatorTools>;
}>;

/** Reads the environment: the setup, or what is wrong with it (shown to the operator). */
export type Configure = (env: NodeJS.ProcessEnv) => Either<string, CliSetup>;

const EMBEDDED_NOTE =
  'note: MONGODB_URI is not set, so this command works on an empty in-memory store that is discarded when ' +
  'it exits: useful for testing only. Set MONGODB_URI to the server\'s database to manage its users.';

/**
 * `npm run users -- <command>`: parses, reads the password (never from argv), opens the store
 * as the server does and runs one use case. Answers the exit code; writes nothing but the
 * command's answer to stdout.
 */
export const runUsersCli = async (io: CliIo, configure: Configure): Promise<ExitCode> => {
  const out: Print = (line) => void io.stdout.write(`${line}\n`);
  const err: Print = (line) => void io.stderr.write(`${line}\n`);

  if (io.argv.length === 0) {
    err(USAGE);
    return EXIT.usage;
  }
  const parsed = parseCommand(io.argv);
  if (isLeft(parsed)) {
    err(`error: ${parsed.left.message}`);
    err("Run 'npm run users -- help' for the commands and their options.");
    return EXIT.usage;
  }
  const command = parsed.right;
  if (command.name === 'help') {
    out(USAGE);
    return EXIT.ok;
  }

  // The throwaway store is said before any prompt: the operator learns it before typing a password for nothing.
  const setup = setupFrom(io.env, configure, err, EMBEDDED_NOTE);
  if (setup === null) return EXIT.usage;
  let password = '';
  if (command.name === 'create' || command.name === 'set-password') {
    try {
      password = await readPassword({ env: io.env, stdin: io.stdin, prompt: io.stderr });
    } catch (error) {
      if (!(error instanceof NoPassword)) throw error;
      err(`error: ${error.message}`);
      return EXIT.usage;
    }
  }

  return withTools(() => setup.open(io.stderr), err, (tools) => runCommand(command, password, tools, setup.revocationLagSeconds, out, err));
};
