import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPair, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyMaterial, NewKeyMaterial } from '../../application/ports/key-material';
import type { PublicJwk, SigningAlgorithm, SigningKey } from '../../domain/signing-key';
import { jwkThumbprint } from './jwk-thumbprint';

const generatePair = promisify(generateKeyPair);

const SEALED_PREFIX = 'A256GCM';
const IV_BYTES = 12;

/** The key-encryption key: derived from JWT_SECRET (the one root secret), for this purpose only. */
const keyEncryptionKey = (rootSecret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', rootSecret, 'jwt-refresh-auth', 'signing-key-encryption', 32));

/** Only the public members of the key type: nothing private can slip into a JWKS from here. */
const publicMembers = (key: KeyObject): PublicJwk => {
  const jwk = key.export({ format: 'jwk' });
  const names = jwk.kty === 'EC' ? ['kty', 'crv', 'x', 'y'] : ['kty', 'n', 'e'];
  return Object.fromEntries(names.map((name) => [name, String(jwk[name])]));
};

/**
 * Key pairs from node:crypto (P-256 for ES256, 2048-bit RSA for RS256). The private key is
 * stored sealed: PKCS#8 encrypted with AES-256-GCM under a key derived from JWT_SECRET, the kid
 * as additional data (a sealed key moved onto another kid does not open).
 */
export class NodeKeyMaterial implements KeyMaterial {
  private readonly kek: Buffer;
  private readonly unsealed = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(rootSecret: string) {
    this.kek = keyEncryptionKey(rootSecret);
  }

  async generate(algorithm: SigningAlgorithm): Promise<NewKeyMaterial> {
    const { publicKey, privateKey } =
      algorithm === 'ES256'
        ? await generatePair('ec', { namedCurve: 'P-256' })
        : await generatePair('rsa', { modulusLength: 2048 });
    const publicJwk = publicMembers(publicKey);
    const kid = jwkThumbprint(publicJwk);
    return { kid, publicJwk, sealedPrivateKey: this.seal(privateKey, kid) };
  }

  /** The key's private half, decrypted once and kept. Throws when it does not open (JWT_SECRET changed?). */
  privateKeyOf(key: SigningKey): KeyObject {
    let opened = this.unsealed.get(key.kid);
    if (opened === undefined) {
      opened = this.unseal(key.props.sealedPrivateKey, key.kid);
      this.unsealed.set(key.kid, opened);
    }
    return opened;
  }

  publicKeyOf(key: SigningKey): KeyObject {
    let made = this.publicKeys.get(key.kid);
    if (made === undefined) {
      made = createPublicKey({ key: { ...key.props.publicJwk }, format: 'jwk' });
      this.publicKeys.set(key.kid, made);
    }
    return made;
  }

  private seal(privateKey: KeyObject, kid: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(Buffer.from(kid, 'utf8'));
    const body = Buffer.concat([cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
    return [SEALED_PREFIX, iv, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  private unseal(sealed: string, kid: string): KeyObject {
    const [prefix, iv, body, tag] = sealed.split('.');
    if (prefix !== SEALED_PREFIX || iv === undefined || body === undefined || tag === undefined) {
      throw new Error(`signing key ${kid}: unknown sealed format`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.kek, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(kid, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const der = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } catch {
      throw new Error(`signing key ${kid} cannot be decrypted: was it made under another JWT_SECRET?`);
    }
  }
}
