import { isLeft, right } from 'fp-ts/Either';
import { CreateUser } from '../application/use-cases/create-user';
import { ListUsers } from '../application/use-cases/list-users';
import { RevokeSessions } from '../application/use-cases/revoke-sessions';
import { SetPassword } from '../application/use-cases/set-password';
import type { Configure } from '../adapters/cli/run-users-cli';
import { cliConfig, cliGraph } from './cli-config';
import type { Runtime } from './compose';

/**
 * The CLI's configuration: the server's config, and its tools from the server's own graph
 * (the same store selection, use cases and rules). Tests hand in a shared store or a cheap hasher.
 */
export const configureOperatorCli =
  (runtime: Omit<Runtime, 'logger'> = {}): Configure =>
  (env) => {
    const loaded = cliConfig(env);
    if (isLeft(loaded)) return loaded;
    const config = loaded.right;
    return right({
      persistent: config.mongodbUri !== undefined,
      revocationLagSeconds: config.accessRevocationLagSeconds,
      open: async (log) => {
        const graph = await cliGraph(config, runtime, log);
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
