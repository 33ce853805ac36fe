import { runUsersCli } from '../adapters/cli/run-users-cli';
import { runAsProcess } from './cli-process';
import { configureOperatorCli } from './operator-cli';

/** Entry point of `npm run users -- <command>`; see src/adapters/cli/usage.ts. */
runAsProcess((io) => runUsersCli(io, configureOperatorCli()));
