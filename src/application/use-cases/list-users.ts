import { type Either, left, right } from 'fp-ts/Either';
import { type Forbidden, forbidden } from '../../domain/errors';
import type { User } from '../../domain/user';
import type { UserRepository } from '../ports/user-repository';

export type ListUsersInput = Readonly<{ actor: User }>;

/** Every user: admins only. */
export class ListUsers {
  constructor(private readonly users: UserRepository) {}

  async execute(input: ListUsersInput): Promise<Either<Forbidden, User[]>> {
    if (!input.actor.isAdmin) return left(forbidden);
    return right(await this.users.list());
  }
}
