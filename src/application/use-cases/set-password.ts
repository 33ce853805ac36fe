import { type Either, left, right } from 'fp-ts/Either';
import {
  type Forbidden,
  type InvalidUser,
  type UserNotFound,
  userNotFound,
} from '../../domain/errors';
import type { User } from '../../domain/user';
import type { PasswordHasher } from '../ports/password-hasher';
import type { SecurityEvents } from '../ports/security-events';
import type { UserRepository } from '../ports/user-repository';
import { refusalToSetPassword, type UserManager } from '../password-rules';

export type SetPasswordInput = Readonly<{
  /** An admin, or the operator at the command line. */
  by: UserManager;
  username: string;
  password: string;
}>;

export type SetPasswordError = Forbidden | UserNotFound | InvalidUser;

/**
 * Replaces a user's password, under the same rules as a new user's. Not a self-service change
 * (that would ask for the current password first). Sessions already open stay open: ending
 * them is RevokeSessions' job, so the operator decides.
 */
export class SetPassword {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: SetPasswordInput): Promise<Either<SetPasswordError, User>> {
    const refusal = refusalToSetPassword(input.by, input.password);
    if (refusal !== null) return left(refusal);

    const user = await this.users.findByUsername(input.username);
    if (user === null) return left(userNotFound);
    const changed = user.withPasswordHash(await this.hasher.hash(input.password));
    // Deleted between the lookup and the update: as if it had never been found.
    if (!(await this.users.update(changed))) return left(userNotFound);
    this.events.passwordChanged({ userId: user.id, by: input.by === 'operator' ? input.by : input.by.id });
    return right(changed);
  }
}
