import { isLeft, left, right } from 'fp-ts/Either';
import { ListSigningKeys } from '../application/use-cases/list-signing-keys';
import { RetireSigningKey } from '../application/use-cases/retire-signing-key';
import { RotateSigningKeys } from '../application/use-cases/rotate-signing-keys';
import type { ConfigureKeys } from '../adapters/cli/keys-cli';
import { cliConfig, cliGraph } from './cli-config';
import type { Runtime } from './compose';

/** The keys CLI's configuration: the server's config and its key use cases from the server's own graph. */
export const configureKeysCli =
  (runtime: Omit<Runtime, 'logger'> = {}): ConfigureKeys =>
  (env) => {
    const loaded = cliConfig(env);
    if (isLeft(loaded)) return loaded;
    const config = loaded.right;
    const signing = config.accessTokenSigning;
    if (signing.algorithm === 'HS256') {
      return left('ACCESS_TOKEN_ALGORITHM is HS256: access tokens are signed with JWT_SECRET, there are no keys to manage');
    }
    return right({
      persistent: config.mongodbUri !== undefined,
      refreshSeconds: config.accessRevocationLagSeconds,
      jwksMaxAgeSeconds: signing.jwksMaxAgeSeconds,
      open: async (log) => {
        const graph = await cliGraph(config, runtime, log);
        return {
          list: graph.resolve(ListSigningKeys),
          rotate: graph.resolve(RotateSigningKeys),
          retire: graph.resolve(RetireSigningKey),
          close: graph.close,
        };
      },
    });
  };
