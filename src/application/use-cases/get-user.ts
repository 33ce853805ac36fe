import { type Either, left, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import { type Forbidden, forbidden, type UserNotFound, userNotFound } from '../../domain/errors';
import type { User } from '../../domain/user';
import type { UserRepository } from '../ports/user-repository';

export type GetUserInput = Readonly<{ actor: Actor; id: string }>;

/** One user: the user themself, or an admin. */
export class GetUser {
  constructor(private readonly users: UserRepository) {}

  async execute(input: GetUserInput): Promise<Either<Forbidden | UserNotFound, User>> {
    if (!input.actor.mayActOn(input.id)) return left(forbidden);
    // The actor was loaded for this request: asking for oneself needs no second lookup.
    const self = input.actor.user;
    const user = self?.id === input.id ? self : await this.users.findById(input.id);
    return user === null ? left(userNotFound) : right(user);
  }
}
