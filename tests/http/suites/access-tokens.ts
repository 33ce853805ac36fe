import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET } from '../../support/test-app';
import { login, type StoreFactory, useTestApp } from './harness';

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export const accessTokenSuite = (makeStores: StoreFactory): void => {
  describe('access tokens', () => {
    const app = useTestApp(makeStores);

    const forge = (userId: string, changes: { secret?: string; typ?: string; iss?: string; aud?: string } = {}) => {
      const iat = Math.floor(app().clock.now().getTime() / 1000);
      return jwt.sign({ sub: userId, sid: 'session', iat }, changes.secret ?? TEST_JWT_SECRET, {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: changes.typ ?? 'at+jwt' },
        issuer: changes.iss ?? TEST_ISSUER,
        audience: changes.aud ?? TEST_AUDIENCE,
        expiresIn: 900,
      });
    };
    const status = async (userId: string, token: string) =>
      (await app().api.get(`/users/${userId}`, { bearer: token })).status;

    it('is an HS256 JWT of type at+jwt with sub, sid, iat, exp, iss and aud', async () => {
      const { body } = await login(app().api);
      const { header, payload } = jwt.decode(body.jwtToken, { complete: true }) as jwt.Jwt;
      expect(header).to.deep.equal({ alg: 'HS256', typ: 'at+jwt' });
      expect(payload).to.include({ sub: body.id, iss: TEST_ISSUER, aud: TEST_AUDIENCE });
      const claims = payload as jwt.JwtPayload;
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).to.equal(900);
      expect(claims.sid).to.be.a('string');
    });

    it('accepts a well-formed token (the forging helper itself is right)', async () => {
      const { body } = await login(app().api);
      expect(await status(body.id, forge(body.id))).to.equal(200);
    });

    it('refuses alg none, a foreign signature, another type, issuer or audience', async () => {
      const { body } = await login(app().api);
      const none = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url({ sub: body.id, sid: 's', iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: 4102444800 })}.`;
      const forged = [
        none,
        forge(body.id, { secret: 'another-secret-that-is-32-characters-or-more' }),
        forge(body.id, { typ: 'JWT' }),
        forge(body.id, { iss: 'someone-else' }),
        forge(body.id, { aud: 'another-api' }),
        'not.a.jwt',
      ];
      for (const token of forged) expect(await status(body.id, token), token).to.equal(401);
    });

    it('refuses a token once expired (15 minutes)', async () => {
      const { body } = await login(app().api);
      app().clock.advanceSeconds(899);
      expect(await status(body.id, body.jwtToken)).to.equal(200);
      app().clock.advanceSeconds(1);
      expect(await status(body.id, body.jwtToken)).to.equal(401);
    });

    it('takes the Bearer scheme in any case (RFC 7235), and nothing but Bearer', async () => {
      const { body } = await login(app().api);
      const answer = async (authorization: string) =>
        (await app().api.get(`/users/${body.id}`, { headers: { Authorization: authorization } })).status;
      expect(await answer(`bearer ${body.jwtToken}`)).to.equal(200);
      expect(await answer(`BEARER ${body.jwtToken}`)).to.equal(200);
      expect(await answer(`Basic ${body.jwtToken}`)).to.equal(401);
      expect(await answer(`Bearer${body.jwtToken}`)).to.equal(401);
    });

    it('refuses a valid token of a user who does not exist (deleted)', async () => {
      const ghost = '0123456789abcdef01234567';
      expect(await status(ghost, forge(ghost))).to.equal(401);
    });
  });
};
