import { type Either, isLeft, left, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import {
  type Forbidden,
  forbidden,
  type InvalidPassword,
  type InvalidUser,
  type UsernameTaken,
  usernameTaken,
} from '../../domain/errors';
import { Password } from '../../domain/password';
import type { Role } from '../../domain/role';
import { User } from '../../domain/user';
import type { IdGenerator } from '../ports/id-generator';
import type { PasswordHasher } from '../ports/password-hasher';
import type { SecurityEvents } from '../ports/security-events';
import type { UserRepository } from '../ports/user-repository';

export type CreateUserInput = Readonly<{
  actor: Actor;
  firstName: string;
  lastName: string;
  username: string;
  password: string;
  role: Role;
}>;

export type CreateUserError = Forbidden | InvalidPassword | InvalidUser | UsernameTaken;

/** Adds a user with a hashed password: an admin over the API, or the operator. */
export class CreateUser {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: CreateUserInput): Promise<Either<CreateUserError, User>> {
    if (!input.actor.mayManageUsers) return left(forbidden);
    const password = Password.parse(input.password);
    if (isLeft(password)) return password;

    const created = User.create({
      id: this.ids.nextId(),
      firstName: input.firstName,
      lastName: input.lastName,
      username: input.username,
      role: input.role,
      passwordHash: await this.hasher.hash(password.right.value),
    });
    if (isLeft(created)) return created;
    const user = created.right;
    if ((await this.users.add(user)) === 'username-taken') return left(usernameTaken(input.username));
    this.events.userCreated({ userId: user.id, username: user.username, role: user.role, by: input.actor.auditId });
    return right(user);
  }
}
