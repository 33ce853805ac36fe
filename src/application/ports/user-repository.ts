import type { User } from '../../domain/user';

export type AddUserResult = 'added' | 'username-taken';

/** Stored users. Lookups answer null for "not found" (any id the store could not have made included); only store failures throw. */
export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByUsername(username: string): Promise<User | null>;
  /** All users, ordered by username. */
  list(): Promise<User[]>;
  count(): Promise<number>;
  /** Adds a user unless the username is taken; atomic per username. */
  add(user: User): Promise<AddUserResult>;
  /** Replaces a stored user's fields; false when no user has this id. */
  update(user: User): Promise<boolean>;
}
