import type { User } from '../../domain/user';

export type AddUserResult = 'added' | 'username-taken';

/**
 * Stored users. Lookups answer null for "not found" (any id the store could not have made
 * included); only store failures throw. Usernames are unique and matched by their
 * `usernameKey` (domain/username: case and compatibility forms folded), so `TEST` finds and
 * blocks `test`; a user keeps the spelling it was stored with.
 */
export interface UserRepository {
  findById(id: string): Promise<User | null>;
  /** The user whose username has the same usernameKey as `username`. */
  findByUsername(username: string): Promise<User | null>;
  /** All users, ordered by username. */
  list(): Promise<User[]>;
  count(): Promise<number>;
  /** Adds a user unless its usernameKey is taken; atomic per usernameKey. */
  add(user: User): Promise<AddUserResult>;
  /** Replaces a stored user's fields; false when no user has this id. */
  update(user: User): Promise<boolean>;
}
