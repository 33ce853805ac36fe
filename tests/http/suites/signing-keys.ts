import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { NodeKeyMaterial } from '../../../src/adapters/security/node-key-material';
import { FakeClock } from '../../support/fake-clock';
import { startTestApp, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, type TestApp } from '../../support/test-app';
import { signingKeyOf } from './access-tokens';
import { login, type StoreFactory, useTestApp } from './harness';

const JWKS = '/.well-known/jwks.json';
const DISCOVERY = '/.well-known/openid-configuration';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const DAY = 86_400;

const kidOf = (token: string): string => String((jwt.decode(token, { complete: true }) as jwt.Jwt).header.kid);

/** The JWKS, the discovery document, the pinned algorithms and the key lifecycle, over HTTP. */
export const signingKeysSuite = (makeStores: StoreFactory): void => {
  describe('signing keys and the JWKS', () => {
    describe('ES256 (the default)', () => {
      const app = useTestApp(makeStores);
      const status = async (userId: string, token: string) => (await app().api.get(`/users/${userId}`, { bearer: token })).status;
      const claimsFor = (userId: string) => {
        const iat = Math.floor(app().clock.now().getTime() / 1000);
        return { sub: userId, sid: 'session', iat, iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: iat + 900 };
      };

      it('publishes the signing key: public members, kid, alg and use only, cacheable for the publication margin', async () => {
        const { body: session } = await login(app().api);
        const response = await app().api.get(JWKS);

        expect(response.status).to.equal(200);
        expect(response.headers.get('cache-control')).to.equal('public, max-age=600');
        expect(response.body.keys).to.have.length(1);
        const [key] = response.body.keys;
        expect(Object.keys(key).sort()).to.deep.equal(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
        expect(key).to.include({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: kidOf(session.jwtToken) });
        for (const member of PRIVATE_MEMBERS) expect(key).to.not.have.property(member);
      });

      it('never lets the private key out: not in the JWKS, the discovery document or a log line', async () => {
        await login(app().api);
        const [stored] = await app().stores.signingKeys.list();
        if (stored === undefined) throw new Error('no key stored');
        const privateJwk = new NodeKeyMaterial(TEST_JWT_SECRET).privateKeyOf(stored).export({ format: 'jwk' });
        const secrets = [String(privateJwk.d), stored.props.sealedPrivateKey];

        const seen = [(await app().api.get(JWKS)).text, (await app().api.get(DISCOVERY)).text, JSON.stringify(app().logLines())];

        for (const text of seen) for (const secret of secrets) expect(text).to.not.include(secret);
        expect(stored.props.sealedPrivateKey).to.not.include(String(privateJwk.d));
      });

      it('answers a discovery document with the issuer and where its keys are, and nothing else', async () => {
        const response = await app().api.get(DISCOVERY);

        expect(response.status).to.equal(200);
        expect(response.headers.get('cache-control')).to.equal('public, max-age=600');
        expect(response.body).to.deep.equal({ issuer: TEST_ISSUER, jwks_uri: `${app().api.baseUrl}${JWKS}` });
      });

      it('refuses algorithm confusion: an HS256 token keyed with the published public key, or another algorithm under its kid', async () => {
        const { body } = await login(app().api);
        const { kid } = await signingKeyOf(app());
        const [published] = (await app().api.get(JWKS)).body.keys;
        const publicPem = createPublicKey({ key: published, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
        const hmacWithPublicKey = jwt.sign(claimsFor(body.id), Buffer.from(publicPem), { algorithm: 'HS256', header: { alg: 'HS256', typ: 'at+jwt', kid } });
        const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
        const rs256UnderKid = jwt.sign(claimsFor(body.id), rsa, { algorithm: 'RS256', header: { alg: 'RS256', typ: 'at+jwt', kid } });

        expect(await status(body.id, hmacWithPublicKey)).to.equal(401);
        expect(await status(body.id, rs256UnderKid)).to.equal(401);
        expect(await status(body.id, body.jwtToken), 'the genuine token').to.equal(200);
      });

      it('refuses tokens of unknown kids, reading the key set again at most once per 5 seconds', async () => {
        const { body } = await login(app().api);
        const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
        const forged = (n: number) => jwt.sign(claimsFor(body.id), stranger, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt', kid: `forged-${n}` } });
        const watched = watchKeyReads(app());

        for (let n = 0; n < 20; n += 1) expect(await status(body.id, forged(n))).to.equal(401);
        const readsInBurst = watched();
        app().clock.advanceSeconds(5);
        expect(await status(body.id, forged(99))).to.equal(401);

        expect(readsInBurst, 'one reload for the whole burst').to.be.at.most(1);
        expect(watched() - readsInBurst, 'one more once 5 s have passed').to.equal(1);
      });

      it('rotates on schedule: the next key is published ahead, then signs; tokens of the previous one work until they expire', async () => {
        const { body: first } = await login(app().api);
        const firstKid = kidOf(first.jwtToken);
        app().clock.advanceSeconds(30 * DAY - 600);

        const { body: justBefore } = await login(app().api);
        const published = (await app().api.get(JWKS)).body.keys.map((key: { kid: string }) => key.kid);
        expect(kidOf(justBefore.jwtToken), 'the old key still signs').to.equal(firstKid);
        expect(published, 'the next key is already published').to.have.length(2).and.include(firstKid);

        app().clock.advanceSeconds(660);
        const { body: after } = await login(app().api);
        expect(kidOf(after.jwtToken)).to.not.equal(firstKid);
        expect(published).to.include(kidOf(after.jwtToken));
        expect(await status(justBefore.id, justBefore.jwtToken), 'a token of the previous key').to.equal(200);

        app().clock.advanceSeconds(900 + 60);
        const later = (await app().api.get(JWKS)).body.keys.map((key: { kid: string }) => key.kid);
        expect(later, 'the previous key is dropped once its tokens expired').to.deep.equal([kidOf(after.jwtToken)]);
        expect(await status(justBefore.id, justBefore.jwtToken)).to.equal(401);
      });
    });

    describe('two instances on one store', () => {
      const apps: TestApp[] = [];
      afterEach(async () => {
        for (const running of apps.splice(0)) await running.close();
      });

      it('share one key set and accept each other\'s tokens', async () => {
        const stores = await makeStores();
        const clock = new FakeClock();
        try {
          apps.push(await startTestApp({ stores, clock }), await startTestApp({ stores, clock }));
          const [a, b] = apps as [TestApp, TestApp];
          const fromA = (await login(a.api)).body;
          const fromB = (await login(b.api)).body;

          expect((await b.api.get(`/users/${fromA.id}`, { bearer: fromA.jwtToken })).status).to.equal(200);
          expect((await a.api.get(`/users/${fromB.id}`, { bearer: fromB.jwtToken })).status).to.equal(200);
          expect((await a.api.get(JWKS)).body).to.deep.equal((await b.api.get(JWKS)).body);
          expect(await stores.signingKeys.list()).to.have.length(1);
        } finally {
          for (const running of apps.splice(0)) await running.close();
          await stores.close();
        }
      });
    });

    describe('RS256', () => {
      const app = useTestApp(makeStores, { env: { ACCESS_TOKEN_ALGORITHM: 'RS256' } });

      it('publishes an RSA key (n, e) whose kid signs the tokens', async () => {
        const { body } = await login(app().api);
        const [key, ...others] = (await app().api.get(JWKS)).body.keys;

        expect(others).to.deep.equal([]);
        expect(Object.keys(key).sort()).to.deep.equal(['alg', 'e', 'kid', 'kty', 'n', 'use']);
        expect(key).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: kidOf(body.jwtToken) });
        const publicKey = createPublicKey({ key, format: 'jwk' });
        const clockTimestamp = app().clock.now().getTime() / 1000;
        expect(() => jwt.verify(body.jwtToken, publicKey, { algorithms: ['RS256'], clockTimestamp })).to.not.throw();
      });
    });

    describe('HS256', () => {
      const app = useTestApp(makeStores, { env: { ACCESS_TOKEN_ALGORITHM: 'HS256' } });

      it('publishes no keys: neither JWKS nor discovery is served', async () => {
        expect((await app().api.get(JWKS)).status).to.equal(404);
        expect((await app().api.get(DISCOVERY)).status).to.equal(404);
        expect(await app().stores.signingKeys.list()).to.deep.equal([]);
      });
    });

    describe('with JWT_ISSUER set to the public base URL', () => {
      const app = useTestApp(makeStores, { env: { JWT_ISSUER: 'https://auth.example.test/' } });

      it('points jwks_uri under the issuer', async () => {
        expect((await app().api.get(DISCOVERY)).body).to.deep.equal({
          issuer: 'https://auth.example.test/',
          jwks_uri: `https://auth.example.test${JWKS}`,
        });
      });
    });
  });
};

/** Counts the key-set reads of the app's graph from now on (its store is the one the test app was given). */
const watchKeyReads = (app: TestApp): (() => number) => {
  const store = app.stores.signingKeys;
  let reads = 0;
  const list = store.list.bind(store);
  Object.assign(store, {
    list: async () => {
      reads += 1;
      return list();
    },
  });
  return () => reads;
};
