import { type Forbidden, forbidden, type InvalidUser, invalidUser } from '../domain/errors';
import type { User } from '../domain/user';

const MIN_LENGTH = 8;
/** bcrypt reads only the first 72 bytes: a longer password would be silently cut. */
const MAX_BYTES = 72;

/** Who may set someone's password: an admin over the API, or the operator at the command line. */
export type UserManager = User | 'operator';

/** Why a new password is refused; empty when it is acceptable. */
export const passwordProblems = (password: string): string[] => {
  const problems: string[] = [];
  if (password.length < MIN_LENGTH) problems.push(`password must be at least ${MIN_LENGTH} characters`);
  if (new TextEncoder().encode(password).length > MAX_BYTES) problems.push(`password must be at most ${MAX_BYTES} bytes`);
  return problems;
};

/** Why `by` may not give a user this password (checked before any lookup or hashing); null when it may. */
export const refusalToSetPassword = (by: UserManager, password: string): Forbidden | InvalidUser | null => {
  if (by !== 'operator' && !by.isAdmin) return forbidden;
  const weak = passwordProblems(password);
  return weak.length > 0 ? invalidUser(weak) : null;
};
