import { type Either, left, right } from 'fp-ts/Either';
import type { Actor } from '../domain/actor';
import { type Forbidden, forbidden, type UserNotFound, userNotFound } from '../domain/errors';
import type { User } from '../domain/user';
import type { UserRepository } from './ports/user-repository';

/**
 * The account `userId`, if `actor` may act on it and it exists. Decided before any lookup, so a
 * caller who may not learns nothing about other accounts; the caller's own account costs no
 * lookup.
 */
export const mayActOnAccount = async (
  actor: Actor,
  userId: string,
  users: UserRepository,
): Promise<Either<Forbidden | UserNotFound, User>> => {
  if (!actor.mayActOn(userId)) return left(forbidden);
  const account = actor.user?.id === userId ? actor.user : await users.findById(userId);
  return account === null ? left(userNotFound) : right(account);
};
