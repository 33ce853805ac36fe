export type SameSite = 'Strict' | 'Lax' | 'None';

/** What the HTTP adapter needs to know of the configuration. */
export type HttpSettings = Readonly<{
  /** Exact origins allowed to call with credentials (the browser app). */
  corsOrigins: readonly string[];
  /** Take the client IP and protocol from X-Forwarded-* headers (behind a proxy you trust). */
  trustProxy: boolean;
  /**
   * With trustProxy: the number of our own proxies in front, each appending to X-Forwarded-For.
   * The client IP is the entry the outermost of them wrote; anything left of it was written by
   * the client and is ignored. 0: every entry is trusted (the left-most is the client).
   */
  trustedProxyHops: number;
  cookie: Readonly<{ sameSite: SameSite; secure: boolean }>;
  /** The OpenAPI document, served raw and rendered by Swagger UI. */
  openApiDocument: string;
  /** Set when access tokens are signed with published keys: the JWKS and discovery routes are served. */
  keyPublication?: KeyPublication;
}>;

/** The issuer named in the discovery document, and how long verifiers may cache both documents. */
export type KeyPublication = Readonly<{ issuer: string; maxAgeSeconds: number }>;
