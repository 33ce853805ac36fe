import { expect } from 'chai';
import { CryptoTokenGenerator } from '../../../../src/adapters/security/crypto-token-generator';
import { sha256 } from '../../../support/use-case-fixture';

const SESSION = '0123456789abcdef01234567';
const NAMED = /^0123456789abcdef01234567\.[0-9a-f]{80}$/;
const HEX_80 = /^[0-9a-f]{80}$/;
const key = Buffer.from('a-key-of-32-bytes-for-the-tests!');

describe('CryptoTokenGenerator', () => {
  const generator = new CryptoTokenGenerator(key);
  const start = (): string => generator.startOf(SESSION).value;

  describe('startOf', () => {
    it('names the session, then 40 random bytes as 80 hex characters; hashed whole with SHA-256', () => {
      const secret = generator.startOf(SESSION);
      expect(secret.value).to.match(NAMED);
      expect(secret.hash).to.equal(sha256(secret.value));
      expect(generator.sessionOf(secret.value)).to.equal(SESSION);
    });

    it('makes a different secret each call', () => {
      const values = new Set(Array.from({ length: 50 }, start));
      expect(values.size).to.equal(50);
    });
  });

  describe('sessionOf', () => {
    it('answers null for a secret that names no session (80 hex, as made before) and for anything else', () => {
      for (const value of ['a'.repeat(80), `${SESSION}.${'a'.repeat(79)}`, `${SESSION.toUpperCase()}.${'a'.repeat(80)}`, '', `.${'a'.repeat(80)}`]) {
        expect(generator.sessionOf(value), value).to.equal(null);
      }
    });
  });

  describe('successorOf', () => {
    it('derives the same successor for the same secret on every instance with the same key', () => {
      const secret = start();
      const again = new CryptoTokenGenerator(Buffer.from(key)).successorOf(secret);
      expect(generator.successorOf(secret)).to.deep.equal(again);
    });

    it('derives a different successor under another key', () => {
      const secret = start();
      const other = new CryptoTokenGenerator(Buffer.from('another-key-of-32-bytes-for-test'));
      expect(other.successorOf(secret).value).to.not.equal(generator.successorOf(secret).value);
    });

    it('derives a secret of the same session, unlike its input and unlike the next one, with its SHA-256', () => {
      const secret = start();
      const successor = generator.successorOf(secret);
      expect(successor.value).to.match(NAMED);
      expect(successor.value).to.not.equal(secret);
      expect(generator.successorOf(successor.value).value).to.not.equal(successor.value);
      expect(successor.hash).to.equal(sha256(successor.value));
    });

    it('keeps a secret that names no session in its form: 80 hex', () => {
      const legacy = 'ab'.repeat(40);
      expect(generator.successorOf(legacy).value).to.match(HEX_80);
      expect(generator.sessionOf(generator.successorOf(legacy).value)).to.equal(null);
    });
  });

  describe('hashOf', () => {
    it('is SHA-256, hex', () => {
      expect(generator.hashOf('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });
  });
});
