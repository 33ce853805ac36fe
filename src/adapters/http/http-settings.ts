export type SameSite = 'Strict' | 'Lax' | 'None';

/** What the HTTP adapter needs to know of the configuration. */
export type HttpSettings = Readonly<{
  /** Exact origins allowed to call with credentials (the browser app). */
  corsOrigins: readonly string[];
  /** Take the client IP and protocol from X-Forwarded-* headers (behind a proxy you trust). */
  trustProxy: boolean;
  cookie: Readonly<{ sameSite: SameSite; secure: boolean }>;
  /** The OpenAPI document, served raw and rendered by Swagger UI. */
  openApiDocument: string;
  /** Set when access tokens are signed with published keys: the JWKS and discovery routes are served. */
  keyPublication?: KeyPublication;
}>;

/** The issuer named in the discovery document, and how long verifiers may cache both documents. */
export type KeyPublication = Readonly<{ issuer: string; maxAgeSeconds: number }>;
