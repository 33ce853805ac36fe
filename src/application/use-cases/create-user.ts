import { type Either, isLeft, left, right } from 'fp-ts/Either';
import {
  type Forbidden,
  type InvalidUser,
  type UsernameTaken,
  usernameTaken,
} from '../../domain/errors';
import type { Role } from '../../domain/role';
import { User } from '../../domain/user';
import type { IdGenerator } from '../ports/id-generator';
import type { PasswordHasher } from '../ports/password-hasher';
import type { SecurityEvents } from '../ports/security-events';
import type { UserRepository } from '../ports/user-repository';
import { refusalToSetPassword, type UserManager } from '../password-rules';

export type CreateUserInput = Readonly<{
  /** An admin acting over the API, or the operator at the command line. */
  by: UserManager;
  firstName: string;
  lastName: string;
  username: string;
  password: string;
  role: Role;
}>;

export type CreateUserError = Forbidden | InvalidUser | UsernameTaken;

/** Adds a user with a hashed password. */
export class CreateUser {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: CreateUserInput): Promise<Either<CreateUserError, User>> {
    const refusal = refusalToSetPassword(input.by, input.password);
    if (refusal !== null) return left(refusal);

    const created = User.create({
      id: this.ids.nextId(),
      firstName: input.firstName,
      lastName: input.lastName,
      username: input.username,
      role: input.role,
      passwordHash: await this.hasher.hash(input.password),
    });
    if (isLeft(created)) return created;
    const user = created.right;
    if ((await this.users.add(user)) === 'username-taken') return left(usernameTaken(input.username));
    this.events.userCreated({
      userId: user.id,
      username: user.username,
      role: user.role,
      by: input.by === 'operator' ? 'operator' : input.by.id,
    });
    return right(user);
  }
}
