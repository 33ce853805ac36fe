import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AccessClaims, AccessTokens, IssuedAccessToken, PublishedKey } from '../../application/ports/access-tokens';
import type { Clock } from '../../application/ports/clock';
import { type JwtSettings, signAccessToken, verifyAccessToken } from './jwt-codec';

export type HmacJwtSettings = JwtSettings & Readonly<{ secret: string }>;

/**
 * HS256 access tokens signed with JWT_SECRET (ACCESS_TOKEN_ALGORITHM=HS256): whoever verifies
 * them can mint them too, so nothing is published. Time from the Clock port.
 */
export class JwtAccessTokens implements AccessTokens {
  private readonly key: KeyObject;

  constructor(
    private readonly settings: HmacJwtSettings,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  async issue(claims: AccessClaims): Promise<IssuedAccessToken> {
    return signAccessToken(claims, { key: this.key, algorithm: 'HS256' }, this.settings, this.clock.now());
  }

  async verify(token: string): Promise<AccessClaims | null> {
    return verifyAccessToken(token, this.key, 'HS256', this.settings, this.clock.now())?.claims ?? null;
  }

  async publishedKeys(): Promise<readonly PublishedKey[] | null> {
    return null;
  }
}
