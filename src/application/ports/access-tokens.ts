import type { PublicJwk, SigningAlgorithm } from '../../domain/signing-key';

/** What a valid access token vouches for; `credentialEpoch` is absent before the user's first password change. */
export type AccessClaims = Readonly<{ userId: string; sessionId: string; credentialEpoch?: string }>;

export type IssuedAccessToken = Readonly<{ token: string; expires: Date }>;

/** A key as the JWKS shows it: its public members, kid, algorithm and use. */
export type PublishedKey = PublicJwk & Readonly<{ kid: string; alg: SigningAlgorithm; use: 'sig' }>;

/** Short-lived, self-contained bearer tokens. */
export interface AccessTokens {
  /** Throws only when the key store fails. */
  issue(claims: AccessClaims): Promise<IssuedAccessToken>;
  /** Null for anything not issued by us, tampered with, expired, of the wrong type or of a retired key. Throws only when the key store fails. */
  verify(token: string): Promise<AccessClaims | null>;
  /** The public keys other services verify tokens with; null when tokens are signed with a shared secret (HS256). */
  publishedKeys(): Promise<readonly PublishedKey[] | null>;
}
