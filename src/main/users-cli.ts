import { EXIT, runUsersCli } from '../adapters/cli/run-users-cli';
import { configureOperatorCli } from './operator-cli';

/** Entry point of `npm run users -- <command>`; see src/adapters/cli/usage.ts. */
runUsersCli(
  {
    argv: process.argv.slice(2),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  },
  configureOperatorCli(),
)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.failure;
  });
