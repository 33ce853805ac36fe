import type { Executes } from '../../domain/lang';
import type { Authenticate } from '../../application/use-cases/authenticate';
import type { AuthorizeRequest } from '../../application/use-cases/authorize-request';
import type { ChangePassword } from '../../application/use-cases/change-password';
import type { CreateUser } from '../../application/use-cases/create-user';
import type { GetPublishedKeys } from '../../application/use-cases/get-published-keys';
import type { EndSession } from '../../application/use-cases/end-session';
import type { GetUser } from '../../application/use-cases/get-user';
import type { ListRefreshTokens } from '../../application/use-cases/list-refresh-tokens';
import type { ListSessions } from '../../application/use-cases/list-sessions';
import type { ListUsers } from '../../application/use-cases/list-users';
import type { RefreshSession } from '../../application/use-cases/refresh-session';
import type { RevokeOtherSessions } from '../../application/use-cases/revoke-other-sessions';
import type { RevokeToken } from '../../application/use-cases/revoke-token';

/** The use cases the routes call: handed in by the composition root. */
export type UseCaseSet = Readonly<{
  authenticate: Executes<Authenticate>;
  refreshSession: Executes<RefreshSession>;
  revokeToken: Executes<RevokeToken>;
  listUsers: Executes<ListUsers>;
  getUser: Executes<GetUser>;
  listRefreshTokens: Executes<ListRefreshTokens>;
  createUser: Executes<CreateUser>;
  authorizeRequest: Executes<AuthorizeRequest>;
  getPublishedKeys: Executes<GetPublishedKeys>;
  listSessions: Executes<ListSessions>;
  endSession: Executes<EndSession>;
  revokeOtherSessions: Executes<RevokeOtherSessions>;
  changePassword: Executes<ChangePassword>;
}>;
