import type { AddUserResult, UserRepository } from '../../../application/ports/user-repository';
import type { User } from '../../../domain/user';
import { usernameKey } from '../../../domain/username';

/** The embedded store: users in process memory, gone at exit. */
export class InMemoryUserRepository implements UserRepository {
  private readonly byId = new Map<string, User>();
  /** By usernameKey: one user per username whatever its case. */
  private readonly idByUsername = new Map<string, string>();

  async findById(id: string): Promise<User | null> {
    return this.byId.get(id) ?? null;
  }

  async findByUsername(username: string): Promise<User | null> {
    const id = this.idByUsername.get(usernameKey(username));
    return id === undefined ? null : (this.byId.get(id) ?? null);
  }

  /** Code-unit order, as MongoDB's default (binary) collation sorts: the contract pins one order. */
  async list(): Promise<User[]> {
    return [...this.byId.values()].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  async count(): Promise<number> {
    return this.byId.size;
  }

  async add(user: User): Promise<AddUserResult> {
    if (this.idByUsername.has(usernameKey(user.username))) return 'username-taken';
    this.byId.set(user.id, user);
    this.idByUsername.set(usernameKey(user.username), user.id);
    return 'added';
  }

  async update(user: User): Promise<boolean> {
    const stored = this.byId.get(user.id);
    if (stored === undefined) return false;
    // Same answer as a unique index: a username held by someone else is refused, nothing changes.
    const holder = this.idByUsername.get(usernameKey(user.username));
    if (holder !== undefined && holder !== user.id) throw new Error(`username '${user.username}' belongs to another user`);
    this.idByUsername.delete(usernameKey(stored.username));
    this.idByUsername.set(usernameKey(user.username), user.id);
    this.byId.set(user.id, user);
    return true;
  }
}
