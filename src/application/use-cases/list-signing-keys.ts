import { KeySet, type SigningPolicy } from '../../domain/key-set';
import type { KeyState, SigningKey } from '../../domain/signing-key';
import type { Clock } from '../ports/clock';
import type { SigningKeys } from '../ports/signing-keys';

/** A key as the operator sees it: never its private half. */
export type SigningKeyListing = Readonly<{
  kid: string;
  generation: number;
  algorithm: SigningKey['algorithm'];
  state: KeyState;
  created: Date;
  signsFrom: Date;
  retired: Date | null;
}>;

/** Every stored key with its state now, oldest first. */
export class ListSigningKeys {
  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly policy: SigningPolicy,
  ) {}

  async execute(): Promise<readonly SigningKeyListing[]> {
    const now = this.clock.now();
    const set = new KeySet(await this.keys.list(), this.policy);
    return set.keys.map((key) => ({
      kid: key.kid,
      generation: key.generation,
      algorithm: key.algorithm,
      state: set.stateOf(key, now),
      created: key.props.created,
      signsFrom: key.signsFrom,
      retired: key.props.retired,
    }));
  }
}
