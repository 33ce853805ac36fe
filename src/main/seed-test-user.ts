import { isLeft } from 'fp-ts/Either';
import type { IdGenerator } from '../application/ports/id-generator';
import type { PasswordHasher } from '../application/ports/password-hasher';
import type { UserRepository } from '../application/ports/user-repository';
import { Role } from '../domain/role';
import { User } from '../domain/user';

export const TEST_USER = { username: 'test', password: 'test' } as const;

/**
 * Outside production, an empty store gets the tutorial's test user (test/test, Admin) so the
 * walkthrough works at once. Its password is known to everyone: never in production.
 */
export const seedTestUser = async (users: UserRepository, hasher: PasswordHasher, ids: IdGenerator): Promise<boolean> => {
  if ((await users.count()) > 0) return false;
  // The tutorial's password breaks the rules for new passwords: it is hashed as is, not parsed.
  const user = User.create({
    id: ids.nextId(),
    firstName: 'Test',
    lastName: 'User',
    username: TEST_USER.username,
    role: Role.Admin,
    passwordHash: await hasher.hash(TEST_USER.password),
  });
  if (isLeft(user)) throw new Error(`the test user is invalid: ${user.left.problems.join(', ')}`);
  return (await users.add(user.right)) === 'added';
};
