import bcrypt from 'bcryptjs';
import type { PasswordHasher, Verification } from '../../application/ports/password-hasher';

/** bcryptjs on the calling thread: no queue of its own, so never busy. */
export class BcryptPasswordHasher implements PasswordHasher {
  /** Compared against when there is no user, so that case costs what a wrong password costs. */
  private readonly dummyHash: string;

  constructor(private readonly cost: number) {
    this.dummyHash = bcrypt.hashSync('no user has this password', cost);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  async verify(password: string, hash: string | null): Promise<Verification> {
    const matches = await bcrypt.compare(password, hash ?? this.dummyHash);
    return { busy: false, matches: hash !== null && matches };
  }
}
