import { type Either, left, right } from 'fp-ts/Either';
import type { Actor } from '../domain/actor';
import { type Forbidden, forbidden, type UserNotFound, userNotFound } from '../domain/errors';
import type { UserRepository } from './ports/user-repository';

/**
 * Whether `actor` may act on the account `userId`, and the account exists. Decided before any
 * lookup, so a caller who may not learns nothing about other accounts; the caller's own
 * account costs no lookup.
 */
export const mayActOnAccount = async (
  actor: Actor,
  userId: string,
  users: UserRepository,
): Promise<Either<Forbidden | UserNotFound, void>> => {
  if (!actor.mayActOn(userId)) return left(forbidden);
  if (actor.user?.id !== userId && (await users.findById(userId)) === null) return left(userNotFound);
  return right(undefined);
};
