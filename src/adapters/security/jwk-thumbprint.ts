import { createHash } from 'node:crypto';
import type { PublicJwk } from '../../domain/signing-key';

/** The members RFC 7638 hashes, per key type, in lexicographic order. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
};

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the kid of a public key, the same wherever it is computed. */
export const jwkThumbprint = (jwk: PublicJwk): string => {
  const members = REQUIRED[jwk.kty ?? ''];
  if (members === undefined) throw new Error(`no thumbprint for key type ${String(jwk.kty)}`);
  const canonical = `{${members.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name] ?? '')}`).join(',')}}`;
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
};
