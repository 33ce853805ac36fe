import { KeySet, type SigningPolicy } from '../../domain/key-set';
import { SigningKey } from '../../domain/signing-key';
import type { Clock } from '../ports/clock';
import type { KeyMaterial } from '../ports/key-material';
import type { SecurityEvents } from '../ports/security-events';
import type { SigningKeys } from '../ports/signing-keys';

/** `schedule`: create the next key only if the lifecycle says it is due; `operator`: create one now. */
export type RotateSigningKeysInput = Readonly<{ trigger: 'schedule' } | { trigger: 'operator'; immediately: boolean }>;
/** The key this call created (null: none was due, or another instance created it first) and the key set after. */
export type RotateSigningKeysOutput = Readonly<{ created: SigningKey | null; keys: KeySet }>;

/**
 * Creates the next signing key. Several instances may find the same key due at once: each
 * claims the next generation, the store lets one claim win, and the others simply read the
 * winner's key (docs/adr/0004-signing-key-lifecycle.md).
 */
export class RotateSigningKeys {
  constructor(
    private readonly keys: SigningKeys,
    private readonly material: KeyMaterial,
    private readonly clock: Clock,
    private readonly policy: SigningPolicy,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: RotateSigningKeysInput): Promise<RotateSigningKeysOutput> {
    const now = this.clock.now();
    const before = new KeySet(await this.keys.list(), this.policy);
    const plan = input.trigger === 'schedule' ? before.due(now) : before.rotation(now, input.immediately);
    if (plan === undefined) return { created: null, keys: before };

    const { algorithm } = this.policy;
    const key = SigningKey.create({ ...(await this.material.generate(algorithm)), ...plan, algorithm, created: now });
    const added = (await this.keys.add(key)) === 'added';
    if (added) {
      const { kid, generation, signsFrom } = key;
      this.events.signingKeyCreated({ kid, generation, algorithm, signsFrom, by: input.trigger });
      if (input.trigger === 'operator') this.events.signingKeysRotated({ kid, signsFrom, immediately: input.immediately, by: 'operator' });
    }
    return { created: added ? key : null, keys: new KeySet(await this.keys.list(), this.policy) };
  }
}
