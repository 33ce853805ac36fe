import { createServer, type Server } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';

export type ResourceServerOptions = Readonly<{
  /** The auth service's JWT_ISSUER and JWT_AUDIENCE: tokens for someone else are refused. */
  issuer: string;
  audience: string;
  /** Its key set: <auth service>/.well-known/jwks.json. */
  jwksUri: string;
  /** How long the key set is kept before it is fetched again (the auth service says 600 s in Cache-Control). */
  cacheMaxAgeMs?: number;
}>;

/**
 * An API behind the auth service: it answers only requests with a valid access token, checked
 * with the service's published keys. jose fetches the key set, keeps it for `cacheMaxAgeMs`, and
 * fetches it again at once (at most every 30 s) when a token names a kid it does not know, so a
 * rotation needs no restart here.
 */
export const createResourceServer = (options: ResourceServerOptions): Server => {
  const keys = createRemoteJWKSet(new URL(options.jwksUri), { cacheMaxAge: options.cacheMaxAgeMs ?? 600_000 });
  return createServer((req, res) => {
    const answer = (status: number, body: object, headers: Record<string, string> = {}): void =>
      void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    const token = /^Bearer ([\w.-]+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) return answer(401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
    jwtVerify(token, keys, { issuer: options.issuer, audience: options.audience, typ: 'at+jwt', algorithms: ['ES256', 'RS256'] }).then(
      ({ payload }) => answer(200, { message: `Hello, user ${String(payload.sub)}` }),
      () => answer(401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer error="invalid_token"' }),
    );
  });
};
