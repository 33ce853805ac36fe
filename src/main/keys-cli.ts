import { runKeysCli } from '../adapters/cli/keys-cli';
import { EXIT } from '../adapters/cli/run-users-cli';
import { configureKeysCli } from './keys-operator';

/** Entry point of `npm run keys -- <command>`; see src/adapters/cli/keys-cli.ts. */
runKeysCli(
  { argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  configureKeysCli(),
)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.failure;
  });
