import type { Writable } from 'node:stream';
import { type Either, left, right } from 'fp-ts/Either';
import { compose, type Graph, type Runtime } from './compose';
import { type Config, ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

/** The server's configuration as an operators' CLI reads it: what is wrong with it as one message. */
export const cliConfig = (env: NodeJS.ProcessEnv): Either<string, Config> => {
  try {
    return right(loadConfig(env));
  } catch (error) {
    if (error instanceof ConfigError) return left(error.message);
    throw error;
  }
};

/** The server's own graph for a CLI command, its log lines on `log` (stderr). */
export const cliGraph = (config: Config, runtime: Omit<Runtime, 'logger'>, log: Writable): Promise<Graph> =>
  compose(config, { ...runtime, logger: createLogger(config.logLevel, log) });
