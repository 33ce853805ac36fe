import { isLeft } from 'fp-ts/Either';
import type { Logger } from 'pino';
import type { User } from '../../domain/user';
import { ListUsers } from '../../application/use-cases/list-users';
import { CreateUser } from '../../application/use-cases/create-user';
import { RevokeSessions } from '../../application/use-cases/revoke-sessions';
import { SetPassword } from '../../application/use-cases/set-password';
import { PinoSecurityEvents } from '../../adapters/logging/pino-security-events';
import { InMemoryLoginThrottle } from '../../adapters/throttle/in-memory-login-throttle';
import type { Config } from '../config';
import { buildContainer, type Overrides, releaseContainer } from '../container';
import { openStores } from '../open-stores';
import type { Stores } from '../stores';

type Executes<T extends { execute: unknown }> = Pick<T, 'execute'>;

/** What the operator's commands run: the server's own use cases, wired by the same container. */
export type OperatorTools = Readonly<{
  createUser: Executes<CreateUser>;
  setPassword: Executes<SetPassword>;
  revokeSessions: Executes<RevokeSessions>;
  /**
   * Every user, by username, straight from the port: ListUsers asks for an admin actor, and the
   * operator, who holds the database credentials, may see them all anyway.
   */
  listUsers(): Promise<User[]>;
  /** Stops what the tools started (the hasher's threads); the stores are the caller's. */
  close(): Promise<void>;
}>;

/** The tools on stores the caller opened: the command line's own, or a test's shared ones. */
export const operatorToolsOn = (config: Config, stores: Stores, logger: Logger, overrides: Overrides = {}): OperatorTools => {
  const container = buildContainer(
    config,
    stores,
    // No login here: the throttle is never asked. Security events (user created) go to the log on stderr.
    { loginThrottle: new InMemoryLoginThrottle(config.loginThrottle), securityEvents: new PinoSecurityEvents(logger) },
    overrides,
  );
  return {
    createUser: container.resolve(CreateUser),
    setPassword: container.resolve(SetPassword),
    revokeSessions: container.resolve(RevokeSessions),
    listUsers: async () => {
      const listed = await container.resolve(ListUsers).execute({ actor: 'operator' });
      if (isLeft(listed)) throw new Error('the operator may always list users');
      return listed.right;
    },
    close: () => releaseContainer(container),
  };
};

/** The tools on the server's store, chosen as the server chooses it (MONGODB_URI, else embedded). */
export const openOperatorTools = async (config: Config, logger: Logger): Promise<OperatorTools> => {
  const stores = await openStores(config, logger);
  const tools = operatorToolsOn(config, stores, logger);
  return {
    ...tools,
    close: async () => {
      await tools.close();
      await stores.close();
    },
  };
};
