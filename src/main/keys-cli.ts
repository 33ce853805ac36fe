import { runKeysCli } from '../adapters/cli/keys-cli';
import { runAsProcess } from './cli-process';
import { configureKeysCli } from './keys-operator';

/** Entry point of `npm run keys -- <command>`; see src/adapters/cli/keys-cli.ts. */
runAsProcess((io) => runKeysCli(io, configureKeysCli()));
