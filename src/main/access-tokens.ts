import type { AccessTokens } from '../application/ports/access-tokens';
import type { Clock } from '../application/ports/clock';
import type { KeySet, SigningPolicy } from '../domain/key-set';
import { JwtAccessTokens } from '../adapters/security/jwt-access-tokens';
import { KeyRingAccessTokens } from '../adapters/security/key-ring-access-tokens';
import type { NodeKeyMaterial } from '../adapters/security/node-key-material';
import { SigningKeyRing } from '../adapters/security/signing-key-ring';
import { VerifiedTokenCache } from '../adapters/security/verified-token-cache';
import type { Config } from './config';

/** Verified tokens kept per process: about 5 MB of ES256 tokens at most. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;
/** A token with an unknown kid makes us read the key set again at most this often: forged kids cannot hammer the store. */
export const UNKNOWN_KID_RELOAD_SECONDS = 5;

/** The signing policy of ES256 / RS256; undefined with HS256, which has no keys to manage. */
export const signingPolicyOf = (config: Config): SigningPolicy | undefined => {
  const signing = config.accessTokenSigning;
  return signing.algorithm === 'HS256' ? undefined : { algorithm: signing.algorithm, ...signing.lifecycle };
};

/**
 * HS256: tokens signed with JWT_SECRET. ES256 / RS256: signed by the key set, read through
 * `loadKeys` (which also makes a due rotation) at most every ACCESS_REVOCATION_LAG_SECONDS, as
 * the revoked sessions are: a key retired anywhere is refused everywhere within that lag.
 */
export const buildAccessTokens = (
  config: Config,
  clock: Clock,
  keys: Readonly<{ material: NodeKeyMaterial; loadKeys: () => Promise<KeySet> }> | undefined,
): AccessTokens => {
  if (keys === undefined) return new JwtAccessTokens(config.jwt, clock);
  const ring = new SigningKeyRing(keys.loadKeys, clock, {
    refreshSeconds: config.accessRevocationLagSeconds,
    unknownKidReloadSeconds: UNKNOWN_KID_RELOAD_SECONDS,
  });
  return new KeyRingAccessTokens(ring, keys.material, new VerifiedTokenCache(VERIFIED_TOKEN_CACHE_SIZE), clock, config.jwt);
};
