import type { User } from './user';
import { usernameKey } from './username';

/**
 * Who calls a use case: a signed-in user, or the operator at the command line (who holds the
 * database credentials and may manage every user). The one place that says what each may do.
 */
export class Actor {
  private constructor(private readonly self: User | null) {}

  static user(user: User): Actor {
    return new Actor(user);
  }

  static readonly operator: Actor = new Actor(null);

  /** The signed-in user; null for the operator. */
  get user(): User | null {
    return this.self;
  }

  /** Admins and the operator list, create and manage users. */
  get mayManageUsers(): boolean {
    return this.self === null || this.self.isAdmin;
  }

  /** On a user's own account: that user, or anyone who may manage users. */
  mayActOn(userId: string): boolean {
    return this.mayManageUsers || this.self?.id === userId;
  }

  /** As mayActOn, for an account named by its username (decided before any lookup). */
  mayActOnUsername(username: string): boolean {
    return this.mayManageUsers || (this.self !== null && usernameKey(this.self.username) === usernameKey(username));
  }

  /** Who did it, in the audit trail: the user's id, or 'operator'. */
  get auditId(): string {
    return this.self?.id ?? 'operator';
  }
}
