import { type Either, isLeft, left } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import {
  type Forbidden,
  forbidden,
  type InvalidPassword,
  type UserNotFound,
  userNotFound,
} from '../../domain/errors';
import { Password } from '../../domain/password';
import type { User } from '../../domain/user';
import type { PasswordHasher } from '../ports/password-hasher';
import type { SecurityEvents } from '../ports/security-events';
import type { UserRepository } from '../ports/user-repository';
import { storeNewPassword } from '../store-password';

export type SetPasswordInput = Readonly<{
  /** An admin, or the operator at the command line. */
  actor: Actor;
  username: string;
  password: string;
}>;

export type SetPasswordError = Forbidden | UserNotFound | InvalidPassword;

/**
 * Replaces a user's password by username, under the same rules as a new user's: the operator's
 * command. Not the self-service change (ChangePassword asks for the current password and ends
 * the other sessions). Sessions already open stay open here: ending them is RevokeSessions' job,
 * so the operator decides.
 */
export class SetPassword {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: SetPasswordInput): Promise<Either<SetPasswordError, User>> {
    // Decided before the lookup: who may not learns nothing about usernames.
    if (!input.actor.mayManageUsers) return left(forbidden);
    const password = Password.parse(input.password);
    if (isLeft(password)) return password;

    const user = await this.users.findByUsername(input.username);
    if (user === null) return left(userNotFound);
    return storeNewPassword({ users: this.users, hasher: this.hasher, events: this.events }, user, password.right, input.actor);
  }
}
