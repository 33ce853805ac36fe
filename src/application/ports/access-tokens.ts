/** What a valid access token vouches for. */
export type AccessClaims = Readonly<{ userId: string; sessionId: string }>;

export type IssuedAccessToken = Readonly<{ token: string; expires: Date }>;

/** Short-lived, self-contained bearer tokens. */
export interface AccessTokens {
  issue(claims: AccessClaims): IssuedAccessToken;
  /** Null for anything not issued by us, tampered with, expired or of the wrong type. Never throws. */
  verify(token: string): AccessClaims | null;
}
