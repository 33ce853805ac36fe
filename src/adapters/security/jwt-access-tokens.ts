import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AccessClaims, AccessTokens, IssuedAccessToken } from '../../application/ports/access-tokens';
import type { Clock } from '../../application/ports/clock';

export type JwtSettings = Readonly<{
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}>;

/** RFC 9068 media type: marks the JWT as an access token, so no other JWT of ours passes for one. */
const TYPE = 'at+jwt';
const ALGORITHM = 'HS256';

/** HS256 access tokens via jsonwebtoken, with time from the Clock port. */
export class JwtAccessTokens implements AccessTokens {
  /**
   * Handed to jsonwebtoken as a KeyObject: given a string, it first tries (and fails) to parse
   * it as a PEM public key on every call, which costs more than the HMAC itself.
   */
  private readonly key: KeyObject;

  constructor(
    private readonly settings: JwtSettings,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  issue(claims: AccessClaims): IssuedAccessToken {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const token = jwt.sign({ iat, sid: claims.sessionId }, this.key, {
      algorithm: ALGORITHM,
      header: { alg: ALGORITHM, typ: TYPE },
      subject: claims.userId,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      expiresIn: this.settings.ttlSeconds,
    });
    return { token, expires: new Date((iat + this.settings.ttlSeconds) * 1000) };
  }

  verify(token: string): AccessClaims | null {
    try {
      const decoded = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
        complete: true,
      });
      const { header, payload } = decoded;
      if (header.typ !== TYPE || typeof payload === 'string') return null;
      const { sub, sid, exp } = payload as { sub?: unknown; sid?: unknown; exp?: unknown };
      const wellFormed = typeof sub === 'string' && typeof sid === 'string' && typeof exp === 'number';
      return wellFormed ? { userId: sub, sessionId: sid } : null;
    } catch {
      return null;
    }
  }
}
