import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../../application/ports/id-generator';

/** 12 random bytes, hex: the shape of a MongoDB ObjectId, so ids look alike on every store. */
export class RandomIdGenerator implements IdGenerator {
  nextId(): string {
    return randomBytes(12).toString('hex');
  }
}
