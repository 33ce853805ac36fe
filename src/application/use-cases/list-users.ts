import { type Either, left, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import { type Forbidden, forbidden } from '../../domain/errors';
import type { User } from '../../domain/user';
import type { UserRepository } from '../ports/user-repository';

export type ListUsersInput = Readonly<{ actor: Actor }>;

/** Every user: admins and the operator only. */
export class ListUsers {
  constructor(private readonly users: UserRepository) {}

  async execute(input: ListUsersInput): Promise<Either<Forbidden, User[]>> {
    if (!input.actor.mayManageUsers) return left(forbidden);
    return right(await this.users.list());
  }
}
