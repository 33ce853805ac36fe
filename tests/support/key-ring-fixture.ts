import { InMemorySigningKeys } from '../../src/adapters/persistence/memory/in-memory-signing-keys';
import { KeyRingAccessTokens } from '../../src/adapters/security/key-ring-access-tokens';
import { NodeKeyMaterial } from '../../src/adapters/security/node-key-material';
import { SigningKeyRing } from '../../src/adapters/security/signing-key-ring';
import { VerifiedTokenCache } from '../../src/adapters/security/verified-token-cache';
import type { SigningKeys } from '../../src/application/ports/signing-keys';
import { RetireSigningKey } from '../../src/application/use-cases/retire-signing-key';
import { RotateSigningKeys } from '../../src/application/use-cases/rotate-signing-keys';
import type { SigningPolicy } from '../../src/domain/key-set';
import type { SigningAlgorithm } from '../../src/domain/signing-key';
import { FakeClock } from './fake-clock';
import { RecordingSecurityEvents } from './recording-security-events';
import { JWT } from './use-case-fixture';

export const policyFor = (algorithm: SigningAlgorithm): SigningPolicy => ({
  algorithm,
  rotationSeconds: 30 * 86_400,
  publicationSeconds: 660,
  tokenLifetimeSeconds: JWT.ttlSeconds + 60,
});

export type KeyRingOptions = Readonly<{
  clock?: FakeClock;
  store?: SigningKeys;
  refreshSeconds?: number;
  cacheSize?: number;
  rootSecret?: string;
}>;

/** One instance's access tokens on a key store, as compose() builds them, with the fake clock. */
export const keyRingTokens = (algorithm: SigningAlgorithm, options: KeyRingOptions = {}) => {
  const clock = options.clock ?? new FakeClock();
  const store = options.store ?? new InMemorySigningKeys();
  const policy = policyFor(algorithm);
  const events = new RecordingSecurityEvents();
  const material = new NodeKeyMaterial(options.rootSecret ?? JWT.secret);
  const rotate = new RotateSigningKeys(store, material, clock, policy, events);
  let loads = 0;
  const ring = new SigningKeyRing(
    async () => {
      loads += 1;
      return (await rotate.execute({ trigger: 'schedule' })).keys;
    },
    clock,
    { refreshSeconds: options.refreshSeconds ?? 30, unknownKidReloadSeconds: 5 },
  );
  const cache = new VerifiedTokenCache(options.cacheSize ?? 100);
  const tokens = new KeyRingAccessTokens(ring, material, cache, clock, JWT);
  return {
    clock,
    store,
    policy,
    events,
    material,
    rotate,
    retire: new RetireSigningKey(store, rotate, clock, policy, events),
    cache,
    tokens,
    /** How many times the key set was read from the store. */
    loads: () => loads,
  };
};
