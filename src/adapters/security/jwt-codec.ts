import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AccessClaims } from '../../application/ports/access-tokens';

/** What every access token carries besides its claims: who issued it, for whom, and for how long. */
export type JwtSettings = Readonly<{
  issuer: string;
  audience: string;
  ttlSeconds: number;
}>;

export type JwtAlgorithm = 'HS256' | 'ES256' | 'RS256';

/** RFC 9068 media type: marks the JWT as an access token, so no other JWT of ours passes for one. */
const TYPE = 'at+jwt';

/**
 * How far ahead of our clock a token's `iat` may be: instances' clocks drift a little, but a
 * token "issued" further in the future was not issued by a sane instance of ours.
 */
export const MAX_CLOCK_SKEW_SECONDS = 60;

/** A verified token's claims and expiry (seconds since the epoch). */
export type VerifiedToken = Readonly<{ claims: AccessClaims; exp: number }>;

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * Signs an access token with one key and one algorithm. Keys are KeyObjects: given a string,
 * jsonwebtoken first tries (and fails) to parse it as a PEM on every call.
 */
export const signAccessToken = (
  claims: AccessClaims,
  key: Readonly<{ key: KeyObject; algorithm: JwtAlgorithm; kid?: string }>,
  settings: JwtSettings,
  now: Date,
): Readonly<{ token: string; expires: Date }> => {
  const iat = seconds(now);
  const header = { alg: key.algorithm, typ: TYPE, ...(key.kid === undefined ? {} : { kid: key.kid }) };
  const epoch = claims.credentialEpoch === undefined ? {} : { cep: claims.credentialEpoch };
  const token = jwt.sign({ iat, sid: claims.sessionId, ...epoch }, key.key, {
    algorithm: key.algorithm,
    header,
    subject: claims.userId,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: settings.ttlSeconds,
  });
  return { token, expires: new Date((iat + settings.ttlSeconds) * 1000) };
};

/**
 * The claims of a token signed by `key` with exactly `algorithm` (the algorithm is pinned by
 * the key, never taken from the token's header); null for anything else. Never throws.
 */
export const verifyAccessToken = (
  token: string,
  key: KeyObject,
  algorithm: JwtAlgorithm,
  settings: JwtSettings,
  now: Date,
): VerifiedToken | null => {
  try {
    const { header, payload } = jwt.verify(token, key, {
      algorithms: [algorithm],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTimestamp: seconds(now),
      complete: true,
    });
    // jsonwebtoken ignores `crit`; RFC 7515 §4.1.11 says to reject extensions we do not understand (all of them).
    if (header.typ !== TYPE || 'crit' in header || typeof payload === 'string') return null;
    const { sub, sid, cep, exp, iat } = payload as { sub?: unknown; sid?: unknown; cep?: unknown; exp?: unknown; iat?: unknown };
    const wellFormed = typeof sub === 'string' && typeof sid === 'string' && typeof exp === 'number' && (cep === undefined || typeof cep === 'string');
    const issuedInFuture = typeof iat === 'number' && iat > seconds(now) + MAX_CLOCK_SKEW_SECONDS;
    if (!wellFormed || issuedInFuture) return null;
    return { claims: { userId: sub, sessionId: sid, ...(typeof cep === 'string' ? { credentialEpoch: cep } : {}) }, exp };
  } catch {
    return null;
  }
};

/** The kid a token's header names, without verifying anything; undefined when absent or unreadable. */
export const kidOf = (token: string): string | undefined => {
  const header = token.split('.', 1)[0] ?? '';
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    const kid = (parsed as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
};
