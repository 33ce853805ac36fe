import type { AccessClaims, AccessTokens, IssuedAccessToken, PublishedKey } from '../../application/ports/access-tokens';
import type { Clock } from '../../application/ports/clock';
import { type JwtSettings, kidOf, signAccessToken, verifyAccessToken } from './jwt-codec';
import type { NodeKeyMaterial } from './node-key-material';
import type { SigningKeyRing } from './signing-key-ring';
import type { VerifiedTokenCache } from './verified-token-cache';

/**
 * ES256 or RS256 access tokens signed by the service's current key, with its kid in the header.
 * A token is verified with the published key its kid names and that key's own algorithm,
 * whatever the header says. Each distinct token's signature is checked once (the cache); the
 * key is looked up on every call, so a retired key's tokens are refused as soon as this
 * process has read the retirement.
 */
export class KeyRingAccessTokens implements AccessTokens {
  constructor(
    private readonly ring: SigningKeyRing,
    private readonly material: NodeKeyMaterial,
    private readonly cache: VerifiedTokenCache,
    private readonly clock: Clock,
    private readonly settings: JwtSettings,
  ) {}

  async issue(claims: AccessClaims): Promise<IssuedAccessToken> {
    const set = await this.ring.current();
    const now = this.clock.now();
    const signer = set.signer(now);
    if (signer === undefined) throw new Error('no signing key is in service');
    const key = { key: this.material.privateKeyOf(signer), algorithm: signer.algorithm, kid: signer.kid };
    return signAccessToken(claims, key, this.settings, now);
  }

  async verify(token: string): Promise<AccessClaims | null> {
    const now = this.clock.now();
    const set = await this.ring.current();
    const known = this.cache.get(token, now);
    if (known !== undefined) {
      if (set.verifier(known.kid, now) !== undefined) return known.claims;
      this.cache.delete(token);
      return null;
    }
    const kid = kidOf(token);
    if (kid === undefined) return null;
    const key = set.verifier(kid, now) ?? (await this.ring.afterUnknownKid()).verifier(kid, now);
    if (key === undefined) return null;
    const verified = verifyAccessToken(token, this.material.publicKeyOf(key), key.algorithm, this.settings, now);
    if (verified === null) return null;
    this.cache.put(token, { ...verified, kid });
    return verified.claims;
  }

  async publishedKeys(): Promise<readonly PublishedKey[]> {
    const set = await this.ring.current();
    return set.published(this.clock.now()).map((key) => ({ ...key.props.publicJwk, kid: key.kid, alg: key.algorithm, use: 'sig' }));
  }
}
