import type { Executes } from '../../domain/lang';
import type { CreateUser } from '../../application/use-cases/create-user';
import type { ListUsers } from '../../application/use-cases/list-users';
import type { RevokeSessions } from '../../application/use-cases/revoke-sessions';
import type { SetPassword } from '../../application/use-cases/set-password';

/** The use cases the operator's commands run: the server's own, composed by the same function. */
export type OperatorTools = Readonly<{
  createUser: Executes<CreateUser>;
  setPassword: Executes<SetPassword>;
  revokeSessions: Executes<RevokeSessions>;
  listUsers: Executes<ListUsers>;
  /** Closes what opening the tools opened (the store, the hasher's threads). */
  close(): Promise<void>;
}>;
