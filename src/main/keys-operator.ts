import { left, right } from 'fp-ts/Either';
import { ListSigningKeys } from '../application/use-cases/list-signing-keys';
import { RetireSigningKey } from '../application/use-cases/retire-signing-key';
import { RotateSigningKeys } from '../application/use-cases/rotate-signing-keys';
import type { ConfigureKeys } from '../adapters/cli/keys-cli';
import { compose, type Runtime } from './compose';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

/** The keys CLI's configuration: the server's config and its key use cases from the server's own graph. */
export const configureKeysCli =
  (runtime: Omit<Runtime, 'logger'> = {}): ConfigureKeys =>
  (env) => {
    let config;
    try {
      config = loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return left(error.message);
      throw error;
    }
    const signing = config.accessTokenSigning;
    if (signing.algorithm === 'HS256') {
      return left('ACCESS_TOKEN_ALGORITHM is HS256: access tokens are signed with JWT_SECRET, there are no keys to manage');
    }
    return right({
      persistent: config.mongodbUri !== undefined,
      refreshSeconds: config.accessRevocationLagSeconds,
      jwksMaxAgeSeconds: signing.jwksMaxAgeSeconds,
      open: async (log) => {
        const graph = await compose(config, { ...runtime, logger: createLogger(config.logLevel, log) });
        return {
          list: graph.resolve(ListSigningKeys),
          rotate: graph.resolve(RotateSigningKeys),
          retire: graph.resolve(RetireSigningKey),
          close: graph.close,
        };
      },
    });
  };
