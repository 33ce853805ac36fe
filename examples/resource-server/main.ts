import { createResourceServer } from './resource-server';

// AUTH_URL: the auth service's public base URL, which is also its JWT_ISSUER (see the README).
const authUrl = (process.env.AUTH_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
const port = Number(process.env.PORT ?? 5000);

createResourceServer({
  issuer: process.env.JWT_ISSUER ?? authUrl,
  audience: process.env.JWT_AUDIENCE ?? 'jwt-refresh-auth-api',
  jwksUri: `${authUrl}/.well-known/jwks.json`,
}).listen(port, () => process.stdout.write(`resource server on http://localhost:${port}, trusting ${authUrl}\n`));
