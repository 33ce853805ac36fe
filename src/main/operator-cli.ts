import { left, right } from 'fp-ts/Either';
import { CreateUser } from '../application/use-cases/create-user';
import { ListUsers } from '../application/use-cases/list-users';
import { RevokeSessions } from '../application/use-cases/revoke-sessions';
import { SetPassword } from '../application/use-cases/set-password';
import type { Configure } from '../adapters/cli/run-users-cli';
import { compose, type Runtime } from './compose';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

/**
 * The CLI's configuration: the server's config, and its tools from the server's own graph
 * (the same store selection, use cases and rules). Tests hand in a shared store or a cheap hasher.
 */
export const configureOperatorCli =
  (runtime: Omit<Runtime, 'logger'> = {}): Configure =>
  (env) => {
    let config;
    try {
      config = loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return left(error.message);
      throw error;
    }
    return right({
      persistent: config.mongodbUri !== undefined,
      revocationLagSeconds: config.accessRevocationLagSeconds,
      open: async (log) => {
        const graph = await compose(config, { ...runtime, logger: createLogger(config.logLevel, log) });
        return {
          createUser: graph.resolve(CreateUser),
          setPassword: graph.resolve(SetPassword),
          revokeSessions: graph.resolve(RevokeSessions),
          listUsers: graph.resolve(ListUsers),
          close: graph.close,
        };
      },
    });
  };
