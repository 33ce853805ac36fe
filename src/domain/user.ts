import { type Either, left, right } from 'fp-ts/Either';
import { type InvalidUser, invalidUser } from './errors';
import { Role } from './role';

export type UserProps = Readonly<{
  id: string;
  firstName: string;
  lastName: string;
  username: string;
  role: Role;
  passwordHash: string;
  /** Absent until the user first changes their password over the API (see CredentialEpoch). */
  credentialEpoch?: CredentialEpoch;
}>;

/**
 * Which sessions a password change left standing. A change starts a new epoch; the refresh and
 * access tokens of a session carry the epoch they were issued in, and only tokens of the current
 * epoch, or of the one session the change kept (the caller's), are still honoured. So a login
 * that checked the replaced password while the change was ending the other sessions gets a
 * session that is refused at its first use, with no second look at the user during the login.
 */
export type CredentialEpoch = Readonly<{
  /** A random id, new at each change. */
  id: string;
  /** The session that made the change and goes on; absent when an admin set the password. */
  keeps?: string;
}>;

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
const MAX_NAME = 100;

const problemsOf = (props: UserProps): string[] => {
  const problems: string[] = [];
  if (!USERNAME.test(props.username)) {
    problems.push('username must be 1-64 letters, digits or . _ @ -');
  }
  for (const [field, value] of [['firstName', props.firstName], ['lastName', props.lastName]] as const) {
    const trimmed = value.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_NAME) problems.push(`${field} must be 1-${MAX_NAME} characters`);
  }
  return problems;
};

/** A person who can log in. Never carries a plaintext password. */
export class User {
  private constructor(private readonly props: UserProps) {}

  /** A new user: checks the invariants a stored user always satisfies. */
  static create(props: UserProps): Either<InvalidUser, User> {
    const problems = problemsOf(props);
    return problems.length > 0
      ? left(invalidUser(problems))
      : right(new User({ ...props, firstName: props.firstName.trim(), lastName: props.lastName.trim() }));
  }

  /** Rebuilds a user that was valid when stored. */
  static restore(props: UserProps): User {
    return new User(props);
  }

  get id(): string { return this.props.id; }
  get firstName(): string { return this.props.firstName; }
  get lastName(): string { return this.props.lastName; }
  get username(): string { return this.props.username; }
  get role(): Role { return this.props.role; }
  get passwordHash(): string { return this.props.passwordHash; }

  get isAdmin(): boolean { return this.props.role === Role.Admin; }

  /** The epoch a session started or rotated now carries; undefined before the first change. */
  get credentialEpoch(): string | undefined { return this.props.credentialEpoch?.id; }

  /** Whether a token of `sessionId` issued in `epoch` still holds (see CredentialEpoch). */
  admits(sessionId: string, epoch: string | undefined): boolean {
    const current = this.props.credentialEpoch;
    return epoch === current?.id || (current?.keeps !== undefined && sessionId === current.keeps);
  }

  /** A new hash that leaves every session as it is (the operator's reset). */
  withPasswordHash(passwordHash: string): User {
    return new User({ ...this.props, passwordHash });
  }

  /** A new hash in a new epoch: only `epoch.keeps`, if any, of the sessions open before it goes on. */
  withPasswordHashIn(passwordHash: string, epoch: CredentialEpoch): User {
    return new User({ ...this.props, passwordHash, credentialEpoch: epoch });
  }

  /** For the persistence mappers only. */
  toProps(): UserProps {
    return this.props;
  }
}
