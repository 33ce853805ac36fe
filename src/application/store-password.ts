import { type Either, left, right } from 'fp-ts/Either';
import type { Actor } from '../domain/actor';
import { type UserNotFound, userNotFound } from '../domain/errors';
import type { Password } from '../domain/password';
import type { CredentialEpoch, User } from '../domain/user';
import type { PasswordHasher } from './ports/password-hasher';
import type { SecurityEvents } from './ports/security-events';
import type { UserRepository } from './ports/user-repository';

export type PasswordStore = Readonly<{ users: UserRepository; hasher: PasswordHasher; events: SecurityEvents }>;

/**
 * Hashes and stores a user's new password, and records who changed it. With `epoch`, in a new
 * credential epoch: the sessions of the old one (but `epoch.keeps`) are refused from then on.
 */
export const storeNewPassword = async (
  { users, hasher, events }: PasswordStore,
  user: User,
  password: Password,
  actor: Actor,
  epoch?: CredentialEpoch,
): Promise<Either<UserNotFound, User>> => {
  const hash = await hasher.hash(password.value);
  const changed = epoch === undefined ? user.withPasswordHash(hash) : user.withPasswordHashIn(hash, epoch);
  // Deleted between the lookup and the update: as if it had never been found.
  if (!(await users.update(changed))) return left(userNotFound);
  events.passwordChanged({ userId: user.id, by: actor.auditId });
  return right(changed);
};
