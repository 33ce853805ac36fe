import { type Either, left, right } from 'fp-ts/Either';
import { KeySet, type SigningPolicy } from '../../domain/key-set';
import { type SigningKey, type SigningKeyNotFound, signingKeyNotFound } from '../../domain/signing-key';
import type { Clock } from '../ports/clock';
import type { SecurityEvents } from '../ports/security-events';
import type { SigningKeys } from '../ports/signing-keys';
import type { RotateSigningKeys } from './rotate-signing-keys';

export type RetireSigningKeyInput = Readonly<{ kid: string }>;
/** The retired key, and the key created to sign in its place (null when it was not signing). */
export type RetireSigningKeyOutput = Readonly<{ retired: SigningKey; replacement: SigningKey | null }>;

/**
 * Takes a key out of service at once (a compromised key): it is no longer published and its
 * tokens are refused. When it was the signing key, a successor that signs at once is created
 * first, so no instance is ever left without a key to sign with.
 */
export class RetireSigningKey {
  constructor(
    private readonly keys: SigningKeys,
    private readonly rotate: Pick<RotateSigningKeys, 'execute'>,
    private readonly clock: Clock,
    private readonly policy: SigningPolicy,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: RetireSigningKeyInput): Promise<Either<SigningKeyNotFound, RetireSigningKeyOutput>> {
    const set = new KeySet(await this.keys.list(), this.policy);
    const key = set.keys.find((candidate) => candidate.kid === input.kid);
    if (key === undefined) return left(signingKeyNotFound(input.kid));
    const wasSigning = set.signer(this.clock.now())?.kid === key.kid;
    const replacement = wasSigning ? (await this.rotate.execute({ trigger: 'operator', immediately: true })).created : null;
    const retired = await this.keys.retire(key.kid, this.clock.now());
    if (retired === null) return left(signingKeyNotFound(input.kid));
    if (!key.isRetired) this.events.signingKeyRetired({ kid: key.kid, by: 'operator' });
    return right({ retired, replacement });
  }
}
