import type { Writable } from 'node:stream';
import { isLeft } from 'fp-ts/Either';
import type { Logger } from 'pino';
import { type Config, ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { EXIT, type ExitCode, type Print, runCommand } from './commands';
import { type OperatorTools, openOperatorTools } from './operator-tools';
import { parseCommand } from './parse-command';
import { NoPassword, type PasswordSources, readPassword } from './read-password';
import { USAGE } from './usage';

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

export type OpenTools = (config: Config, logger: Logger) => Promise<OperatorTools>;

const EMBEDDED_NOTE =
  'note: MONGODB_URI is not set, so this command works on an empty in-memory store that is discarded when ' +
  'it exits: useful for testing only. Set MONGODB_URI to the server\'s database to manage its users.';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * `npm run users -- <command>`: parses, reads the password (never from argv), opens the store
 * as the server does and runs one use case. Answers the exit code; writes nothing but the
 * command's answer to stdout.
 */
export const runUsersCli = async (io: CliIo, open: OpenTools = openOperatorTools): Promise<ExitCode> => {
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

  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`error: ${error.message}`);
    return EXIT.usage;
  }

  // Said before any prompt: the operator learns it before typing a password for nothing.
  if (config.mongodbUri === undefined) err(EMBEDDED_NOTE);
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

  let tools: OperatorTools;
  try {
    tools = await open(config, createLogger(config.logLevel, io.stderr));
  } catch (error) {
    err(`error: cannot open the store: ${messageOf(error)}`);
    return EXIT.failure;
  }
  try {
    return await runCommand(command, password, tools, config, out, err);
  } catch (error) {
    err(`error: ${messageOf(error)}`);
    return EXIT.failure;
  } finally {
    await tools.close();
  }
};
