import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { JwtAccessTokens } from '../../../../src/adapters/security/jwt-access-tokens';
import { FakeClock } from '../../../support/fake-clock';
import { JWT } from '../../../support/use-case-fixture';

const claims = { userId: 'user-1', sessionId: 'fam-1' };
const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (token: string, index: number): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8'));

describe('JwtAccessTokens', () => {
  let clock: FakeClock;
  let tokens: JwtAccessTokens;
  let nowSeconds: number;

  beforeEach(() => {
    clock = new FakeClock();
    tokens = new JwtAccessTokens(JWT, clock);
    nowSeconds = clock.now().getTime() / 1000;
  });

  /** Signs by hand with every claim right; each test spoils one thing. */
  const handSigned = (
    payload: Record<string, unknown> = {},
    options: { secret?: string; typ?: string; header?: Record<string, unknown> } = {},
  ): string =>
    jwt.sign(
      // A claim set to undefined is left out.
      JSON.parse(
        JSON.stringify({ sub: 'user-1', sid: 'fam-1', iss: JWT.issuer, aud: JWT.audience, iat: nowSeconds, exp: nowSeconds + 60, ...payload }),
      ),
      options.secret ?? JWT.secret,
      { algorithm: 'HS256', header: { alg: 'HS256', typ: options.typ ?? 'at+jwt', ...options.header } },
    );

  describe('issue', () => {
    it('signs with HS256 and marks the token as an access token (typ at+jwt)', () => {
      const { token } = tokens.issue(claims);
      expect(decodePart(token, 0)).to.deep.equal({ alg: 'HS256', typ: 'at+jwt' });
    });

    it('carries sub, sid, iss, aud, and iat/exp from the clock', () => {
      const { token, expires } = tokens.issue(claims);
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
    it('answers the claims of a token it issued', () => {
      expect(tokens.verify(tokens.issue(claims).token)).to.deep.equal(claims);
    });

    it('accepts a hand-signed token with every claim right (the baseline for what follows)', () => {
      expect(tokens.verify(handSigned())).to.deep.equal(claims);
    });

    it("rejects alg 'none'", () => {
      const payload = { sub: 'user-1', sid: 'fam-1', iss: JWT.issuer, aud: JWT.audience, iat: nowSeconds, exp: nowSeconds + 60 };
      const unsigned = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(payload)}.`;
      expect(tokens.verify(unsigned)).to.equal(null);
    });

    it('rejects a token signed with another secret', () => {
      expect(tokens.verify(handSigned({}, { secret: 'another-secret-of-more-than-32-characters' }))).to.equal(null);
      const other = new JwtAccessTokens({ ...JWT, secret: 'another-secret-of-more-than-32-characters' }, clock);
      expect(tokens.verify(other.issue(claims).token)).to.equal(null);
    });

    it('rejects a token with a tampered payload', () => {
      const [header, , signature] = tokens.issue(claims).token.split('.');
      const forged = base64url({ sub: 'admin', sid: 'fam-1', iss: JWT.issuer, aud: JWT.audience, iat: nowSeconds, exp: nowSeconds + 60 });
      expect(tokens.verify(`${header}.${forged}.${signature}`)).to.equal(null);
    });

    it('rejects the wrong issuer', () => {
      expect(tokens.verify(handSigned({ iss: 'https://someone-else.test' }))).to.equal(null);
    });

    it('rejects the wrong audience', () => {
      expect(tokens.verify(handSigned({ aud: 'https://another-api.test' }))).to.equal(null);
    });

    it("rejects another type of JWT (typ 'JWT')", () => {
      expect(tokens.verify(handSigned({}, { typ: 'JWT' }))).to.equal(null);
    });

    it('rejects a token from the moment it expires, by the clock', () => {
      const { token } = tokens.issue(claims);
      clock.advanceSeconds(JWT.ttlSeconds - 1);
      expect(tokens.verify(token)).to.deep.equal(claims);
      clock.advanceSeconds(1);
      expect(tokens.verify(token)).to.equal(null);
    });

    it('rejects a token with a critical header extension it does not understand (RFC 7515 crit)', () => {
      expect(tokens.verify(handSigned({}, { header: { crit: ['urn:example:policy'], 'urn:example:policy': 'x' } }))).to.equal(null);
      expect(tokens.verify(handSigned({}, { header: { crit: [] } }))).to.equal(null);
    });

    it('accepts an iat up to 60 s ahead of its clock (skew between instances), not further', () => {
      const ahead = new FakeClock(clock.now());
      ahead.advanceSeconds(60);
      expect(tokens.verify(new JwtAccessTokens(JWT, ahead).issue(claims).token)).to.deep.equal(claims);
      ahead.advanceSeconds(1);
      expect(tokens.verify(new JwtAccessTokens(JWT, ahead).issue(claims).token)).to.equal(null);
      expect(tokens.verify(handSigned({ iat: nowSeconds + 3600, exp: nowSeconds + 7200 }))).to.equal(null);
    });

    it('rejects a token without exp', () => {
      expect(tokens.verify(handSigned({ exp: undefined }))).to.equal(null);
    });

    it('rejects a token without sub or sid', () => {
      expect(tokens.verify(handSigned({ sub: undefined }))).to.equal(null);
      expect(tokens.verify(handSigned({ sid: undefined }))).to.equal(null);
    });

    it('answers null, never throws, for garbage', () => {
      expect(tokens.verify('not-a-jwt')).to.equal(null);
      expect(tokens.verify('')).to.equal(null);
    });
  });
});
