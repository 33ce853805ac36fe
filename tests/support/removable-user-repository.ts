import type { AddUserResult, UserRepository } from '../../src/application/ports/user-repository';
import type { User } from '../../src/domain/user';
import { InMemoryUserRepository } from '../../src/adapters/persistence/memory/in-memory-user-repository';

/** The in-memory store plus what the port does not offer: a user deleted behind the service's back. */
export class RemovableUserRepository implements UserRepository {
  private readonly inner = new InMemoryUserRepository();
  private readonly removed = new Set<string>();

  remove(id: string): void {
    this.removed.add(id);
  }

  async findById(id: string): Promise<User | null> {
    return this.removed.has(id) ? null : this.inner.findById(id);
  }

  async findByUsername(username: string): Promise<User | null> {
    const user = await this.inner.findByUsername(username);
    return user === null || this.removed.has(user.id) ? null : user;
  }

  async list(): Promise<User[]> {
    return (await this.inner.list()).filter((user) => !this.removed.has(user.id));
  }

  async count(): Promise<number> {
    return (await this.list()).length;
  }

  add(user: User): Promise<AddUserResult> {
    return this.inner.add(user);
  }

  async update(user: User): Promise<boolean> {
    return !this.removed.has(user.id) && this.inner.update(user);
  }
}
