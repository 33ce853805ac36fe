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
/**
 * How far ahead of our clock a token's `iat` may be: instances' clocks drift a little, but a
 * token "issued" further in the future was not issued by a sane instance of ours.
 */
export const MAX_CLOCK_SKEW_SECONDS = 60;

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
      const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
      const decoded = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTimestamp: nowSeconds,
        complete: true,
      });
      const { header, payload } = decoded;
      // jsonwebtoken ignores `crit`; RFC 7515 §4.1.11 says to reject extensions we do not understand (all of them).
      if (header.typ !== TYPE || 'crit' in header || typeof payload === 'string') return null;
      const { sub, sid, exp, iat } = payload as { sub?: unknown; sid?: unknown; exp?: unknown; iat?: unknown };
      const wellFormed = typeof sub === 'string' && typeof sid === 'string' && typeof exp === 'number';
      const issuedInFuture = typeof iat === 'number' && iat > nowSeconds + MAX_CLOCK_SKEW_SECONDS;
      return wellFormed && !issuedInFuture ? { userId: sub, sessionId: sid } : null;
    } catch {
      return null;
    }
  }
}
