import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../src/main/config';

describe('config: access-token signing', () => {
  it('defaults to ES256 keys rotating every 30 days, published 600 s + skew ahead, kept the token lifetime + skew after', () => {
    expect(loadConfig({}).accessTokenSigning).to.deep.equal({
      algorithm: 'ES256',
      jwksMaxAgeSeconds: 600,
      lifecycle: { rotationSeconds: 30 * 86_400, publicationSeconds: 660, tokenLifetimeSeconds: 960 },
    });
  });

  it('takes RS256 or HS256, any case, and the rotation period in days', () => {
    const rs = loadConfig({ ACCESS_TOKEN_ALGORITHM: 'rs256', SIGNING_KEY_ROTATION_DAYS: '7', ACCESS_TOKEN_TTL_SECONDS: '300' }).accessTokenSigning;
    expect(rs).to.deep.include({ algorithm: 'RS256', lifecycle: { rotationSeconds: 7 * 86_400, publicationSeconds: 660, tokenLifetimeSeconds: 360 } });
    expect(loadConfig({ ACCESS_TOKEN_ALGORITHM: 'HS256' }).accessTokenSigning).to.deep.equal({ algorithm: 'HS256' });
  });

  it('names a bad algorithm or rotation period', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_ALGORITHM: 'none', SIGNING_KEY_ROTATION_DAYS: '0' }))
      .to.throw(ConfigError)
      .with.property('problems')
      .that.deep.equals(['ACCESS_TOKEN_ALGORITHM must be one of ES256, RS256, HS256', 'SIGNING_KEY_ROTATION_DAYS must be an integer from 1 to 365']);
  });
});
