import { createSecretKey, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { JwtAccessTokens } from '../../../../src/adapters/security/jwt-access-tokens';
import type { AccessTokens } from '../../../../src/application/ports/access-tokens';
import type { SigningAlgorithm } from '../../../../src/domain/signing-key';
import { FakeClock } from '../../../support/fake-clock';
import { keyRingTokens } from '../../../support/key-ring-fixture';
import { JWT } from '../../../support/use-case-fixture';

const claims = { userId: 'user-1', sessionId: 'fam-1' };
const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (token: string, index: number): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8'));

/** One adapter under test, and how to sign a token by hand as it would (its key, algorithm and kid). */
type Subject = Readonly<{
  tokens: AccessTokens;
  clock: FakeClock;
  signingKey: () => Promise<Readonly<{ key: KeyObject; algorithm: 'HS256' | SigningAlgorithm; kid?: string }>>;
  /** Another instance of the adapter with other keys (or another secret). */
  stranger: () => AccessTokens;
}>;

const hmac = (): Subject => {
  const clock = new FakeClock();
  return {
    tokens: new JwtAccessTokens(JWT, clock),
    clock,
    signingKey: async () => ({ key: createSecretKey(Buffer.from(JWT.secret)), algorithm: 'HS256' }),
    stranger: () => new JwtAccessTokens({ ...JWT, secret: 'another-secret-of-more-than-32-characters' }, clock),
  };
};

const keyRing = (algorithm: SigningAlgorithm) => (): Subject => {
  const subject = keyRingTokens(algorithm);
  return {
    tokens: subject.tokens,
    clock: subject.clock,
    signingKey: async () => {
      const signer = (await subject.rotate.execute({ trigger: 'schedule' })).keys.signer(subject.clock.now());
      if (signer === undefined) throw new Error('no signer');
      return { key: subject.material.privateKeyOf(signer), algorithm, kid: signer.kid };
    },
    stranger: () => keyRingTokens(algorithm, { clock: subject.clock }).tokens,
  };
};

/** What every access-token adapter must do, whatever its algorithm. */
const describeAccessTokens = (name: string, expectedAlg: string, make: () => Subject): void => {
  describe(`access tokens: ${name}`, () => {
    let subject: Subject;
    let tokens: AccessTokens;
    let nowSeconds: number;

    beforeEach(() => {
      subject = make();
      tokens = subject.tokens;
      nowSeconds = subject.clock.now().getTime() / 1000;
    });

    /** Signs by hand with every claim right; each test spoils one thing. */
    const handSigned = async (
      payload: Record<string, unknown> = {},
      options: { typ?: string; header?: Record<string, unknown> } = {},
    ): Promise<string> => {
      const { key, algorithm, kid } = await subject.signingKey();
      const body = { sub: 'user-1', sid: 'fam-1', iss: JWT.issuer, aud: JWT.audience, iat: nowSeconds, exp: nowSeconds + 60, ...payload };
      const header = { alg: algorithm, typ: options.typ ?? 'at+jwt', ...(kid === undefined ? {} : { kid }), ...options.header };
      // A claim set to undefined is left out.
      return jwt.sign(JSON.parse(JSON.stringify(body)), key, { algorithm, header });
    };

    describe('issue', () => {
      it(`signs with ${expectedAlg} and marks the token as an access token (typ at+jwt)`, async () => {
        const { token } = await tokens.issue(claims);
        const header = decodePart(token, 0);
        expect(header).to.include({ alg: expectedAlg, typ: 'at+jwt' });
        expect(Object.keys(header).sort()).to.deep.equal(expectedAlg === 'HS256' ? ['alg', 'typ'] : ['alg', 'kid', 'typ']);
      });

      it('carries sub, sid, iss, aud, and iat/exp from the clock', async () => {
        const { token, expires } = await tokens.issue(claims);
        expect(decodePart(token, 1)).to.deep.equal({
          sub: 'user-1',
          sid: 'fam-1',
          iss: JWT.issuer,
          aud: JWT.audience,
          iat: nowSeconds,
          exp: nowSeconds + JWT.ttlSeconds,
        });
        expect(expires).to.deep.equal(new Date((nowSeconds + JWT.ttlSeconds) * 1000));
      });
    });

    describe('verify', () => {
      it('answers the claims of a token it issued', async () => {
        expect(await tokens.verify((await tokens.issue(claims)).token)).to.deep.equal(claims);
      });

      it('carries the credential epoch as cep, when the user has one', async () => {
        const withEpoch = { ...claims, credentialEpoch: 'epoch-1' };
        const { token } = await tokens.issue(withEpoch);
        expect(decodePart(token, 1)).to.include({ cep: 'epoch-1' });
        expect(await tokens.verify(token)).to.deep.equal(withEpoch);
        expect(await tokens.verify(await handSigned({ cep: 42 })), 'an epoch that is not a string').to.equal(null);
      });

      it('accepts a hand-signed token with every claim right (the baseline for what follows)', async () => {
        expect(await tokens.verify(await handSigned())).to.deep.equal(claims);
      });

      it("rejects alg 'none'", async () => {
        const { kid } = await subject.signingKey();
        const payload = { sub: 'user-1', sid: 'fam-1', iss: JWT.issuer, aud: JWT.audience, iat: nowSeconds, exp: nowSeconds + 60 };
        const unsigned = `${base64url({ alg: 'none', typ: 'at+jwt', kid })}.${base64url(payload)}.`;
        expect(await tokens.verify(unsigned)).to.equal(null);
      });

      it('rejects a token of another instance with other keys', async () => {
        expect(await tokens.verify((await subject.stranger().issue(claims)).token)).to.equal(null);
      });

      it('rejects a token with a tampered payload', async () => {
        const [header, , signature] = (await tokens.issue(claims)).token.split('.');
        const forged = base64url({ sub: 'admin', sid: 'fam-1', iss: JWT.issuer, aud: JWT.audience, iat: nowSeconds, exp: nowSeconds + 60 });
        expect(await tokens.verify(`${header}.${forged}.${signature}`)).to.equal(null);
      });

      it('rejects the wrong issuer, the wrong audience, another type of JWT', async () => {
        expect(await tokens.verify(await handSigned({ iss: 'https://someone-else.test' }))).to.equal(null);
        expect(await tokens.verify(await handSigned({ aud: 'https://another-api.test' }))).to.equal(null);
        expect(await tokens.verify(await handSigned({}, { typ: 'JWT' }))).to.equal(null);
      });

      it('rejects a token from the moment it expires, by the clock (cached or not)', async () => {
        const { token } = await tokens.issue(claims);
        subject.clock.advanceSeconds(JWT.ttlSeconds - 1);
        expect(await tokens.verify(token)).to.deep.equal(claims);
        subject.clock.advanceSeconds(1);
        expect(await tokens.verify(token)).to.equal(null);
      });

      it('rejects a token with a critical header extension it does not understand (RFC 7515 crit)', async () => {
        expect(await tokens.verify(await handSigned({}, { header: { crit: ['urn:example:policy'], 'urn:example:policy': 'x' } }))).to.equal(null);
        expect(await tokens.verify(await handSigned({}, { header: { crit: [] } }))).to.equal(null);
      });

      it('accepts an iat up to 60 s ahead of its clock (skew between instances), not further', async () => {
        expect(await tokens.verify(await handSigned({ iat: nowSeconds + 60, exp: nowSeconds + 120 }))).to.deep.equal(claims);
        expect(await tokens.verify(await handSigned({ iat: nowSeconds + 61, exp: nowSeconds + 120 }))).to.equal(null);
        expect(await tokens.verify(await handSigned({ iat: nowSeconds + 3600, exp: nowSeconds + 7200 }))).to.equal(null);
      });

      it('rejects a token without exp, sub or sid', async () => {
        expect(await tokens.verify(await handSigned({ exp: undefined }))).to.equal(null);
        expect(await tokens.verify(await handSigned({ sub: undefined }))).to.equal(null);
        expect(await tokens.verify(await handSigned({ sid: undefined }))).to.equal(null);
      });

      it('answers null, never throws, for garbage', async () => {
        expect(await tokens.verify('not-a-jwt')).to.equal(null);
        expect(await tokens.verify('')).to.equal(null);
        expect(await tokens.verify(`${base64url({ alg: expectedAlg, kid: 42 })}.e30.`)).to.equal(null);
      });
    });
  });
};

describeAccessTokens('HS256 with JWT_SECRET', 'HS256', hmac);
describeAccessTokens('ES256 key ring', 'ES256', keyRing('ES256'));
describeAccessTokens('RS256 key ring', 'RS256', keyRing('RS256'));
