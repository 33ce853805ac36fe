import { EXIT, type CliIo, type ExitCode } from '../adapters/cli/run-users-cli';

/**
 * Runs a CLI on this process's arguments, environment and standard streams, and sets its exit
 * code; anything thrown is one `error:` line and exit 2.
 */
export const runAsProcess = (run: (io: CliIo) => Promise<ExitCode>): void => {
  const io: CliIo = { argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  run(io)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.failure;
    });
};
