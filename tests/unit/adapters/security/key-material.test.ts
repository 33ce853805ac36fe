import { expect } from 'chai';
import { calculateJwkThumbprint } from 'jose';
import { jwkThumbprint } from '../../../../src/adapters/security/jwk-thumbprint';
import { NodeKeyMaterial } from '../../../../src/adapters/security/node-key-material';
import { SigningKey } from '../../../../src/domain/signing-key';

/** RFC 7638, section 3.1: the example RSA key and its thumbprint. */
const RFC_KEY = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};

const stored = (generated: Awaited<ReturnType<NodeKeyMaterial['generate']>>, kid = generated.kid) =>
  SigningKey.create({ ...generated, kid, generation: 1, algorithm: 'ES256', created: new Date(0), signsFrom: new Date(0) });

describe('signing key material', () => {
  it('kid: the RFC 7638 thumbprint (the RFC example, and as jose computes it)', async () => {
    expect(jwkThumbprint(RFC_KEY)).to.equal('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    for (const algorithm of ['ES256', 'RS256'] as const) {
      const { kid, publicJwk } = await new NodeKeyMaterial('a-root-secret-of-at-least-32-characters').generate(algorithm);
      expect(kid).to.equal(await calculateJwkThumbprint({ ...publicJwk }));
    }
  });

  it('keeps public members only, and stores the private key encrypted', async () => {
    const material = new NodeKeyMaterial('a-root-secret-of-at-least-32-characters');
    const generated = await material.generate('ES256');
    expect(Object.keys(generated.publicJwk).sort()).to.deep.equal(['crv', 'kty', 'x', 'y']);
    const d = String(material.privateKeyOf(stored(generated)).export({ format: 'jwk' }).d);
    expect(generated.sealedPrivateKey).to.match(/^A256GCM\./);
    expect(generated.sealedPrivateKey).to.not.include(d);
    expect(JSON.stringify(generated)).to.not.include(d);
  });

  it('opens only under the same JWT_SECRET, and only for its own kid', async () => {
    const generated = await new NodeKeyMaterial('a-root-secret-of-at-least-32-characters').generate('ES256');
    const other = new NodeKeyMaterial('another-root-secret-of-32-characters!!');
    expect(() => other.privateKeyOf(stored(generated))).to.throw(/cannot be decrypted/);
    const same = new NodeKeyMaterial('a-root-secret-of-at-least-32-characters');
    expect(() => same.privateKeyOf(stored(generated, 'another-kid'))).to.throw(/cannot be decrypted/);
    expect(same.privateKeyOf(stored(generated)).asymmetricKeyType).to.equal('ec');
  });
});
