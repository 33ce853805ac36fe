import { createSecretKey, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { NodeKeyMaterial } from '../../../src/adapters/security/node-key-material';
import { KeySet } from '../../../src/domain/key-set';
import { policyFor } from '../../support/key-ring-fixture';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, type TestApp } from '../../support/test-app';
import { login, type StoreFactory, useTestApp } from './harness';

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

type Algorithm = 'ES256' | 'RS256' | 'HS256';

/** The key a token of this app is signed with: JWT_SECRET for HS256, else the stored signing key (unsealed as the app does). */
export const signingKeyOf = async (app: TestApp): Promise<Readonly<{ key: KeyObject; algorithm: Algorithm; kid?: string }>> => {
  const algorithm = app.config.accessTokenSigning.algorithm;
  if (algorithm === 'HS256') return { key: createSecretKey(Buffer.from(TEST_JWT_SECRET)), algorithm };
  const signer = new KeySet(await app.stores.signingKeys.list(), policyFor(algorithm)).signer(app.clock.now());
  if (signer === undefined) throw new Error('no signing key stored');
  return { key: new NodeKeyMaterial(TEST_JWT_SECRET).privateKeyOf(signer), algorithm, kid: signer.kid };
};

export const accessTokenSuite = (makeStores: StoreFactory, algorithm: Algorithm = 'ES256'): void => {
  describe(`access tokens (${algorithm})`, () => {
    const app = useTestApp(makeStores, { env: { ACCESS_TOKEN_ALGORITHM: algorithm } });

    const forge = async (userId: string, changes: { secret?: string; typ?: string; iss?: string; aud?: string } = {}) => {
      const iat = Math.floor(app().clock.now().getTime() / 1000);
      const own = await signingKeyOf(app());
      const key = changes.secret === undefined ? own.key : createSecretKey(Buffer.from(changes.secret));
      const alg = changes.secret === undefined ? own.algorithm : 'HS256';
      return jwt.sign({ sub: userId, sid: 'session', iat }, key, {
        algorithm: alg,
        header: { alg, typ: changes.typ ?? 'at+jwt', ...(own.kid === undefined ? {} : { kid: own.kid }) },
        issuer: changes.iss ?? TEST_ISSUER,
        audience: changes.aud ?? TEST_AUDIENCE,
        expiresIn: 900,
      });
    };
    const status = async (userId: string, token: string) =>
      (await app().api.get(`/users/${userId}`, { bearer: token })).status;

    it(`is an ${algorithm} JWT of type at+jwt with sub, sid, iat, exp, iss and aud`, async () => {
      const { body } = await login(app().api);
      const { header, payload } = jwt.decode(body.jwtToken, { complete: true }) as jwt.Jwt;
      const { kid } = await signingKeyOf(app());
      expect(header).to.deep.equal({ alg: algorithm, typ: 'at+jwt', ...(kid === undefined ? {} : { kid }) });
      expect(payload).to.include({ sub: body.id, iss: TEST_ISSUER, aud: TEST_AUDIENCE });
      const claims = payload as jwt.JwtPayload;
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).to.equal(900);
      expect(claims.sid).to.be.a('string');
    });

    it('accepts a well-formed token (the forging helper itself is right)', async () => {
      const { body } = await login(app().api);
      expect(await status(body.id, await forge(body.id))).to.equal(200);
    });

    it('refuses alg none, a foreign signature, another type, issuer or audience', async () => {
      const { body } = await login(app().api);
      const none = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url({ sub: body.id, sid: 's', iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: 4102444800 })}.`;
      const forged = [
        none,
        await forge(body.id, { secret: 'another-secret-that-is-32-characters-or-more' }),
        await forge(body.id, { typ: 'JWT' }),
        await forge(body.id, { iss: 'someone-else' }),
        await forge(body.id, { aud: 'another-api' }),
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
      expect(await status(ghost, await forge(ghost))).to.equal(401);
    });
  });
};
