import { expect } from 'chai';
import { CryptoTokenGenerator } from '../../../../src/adapters/security/crypto-token-generator';
import { sha256 } from '../../../support/use-case-fixture';

const HEX_80 = /^[0-9a-f]{80}$/;
const key = Buffer.from('a-key-of-32-bytes-for-the-tests!');

describe('CryptoTokenGenerator', () => {
  const generator = new CryptoTokenGenerator(key);

  describe('random', () => {
    it('makes 40 random bytes as 80 hex characters, hashed with SHA-256', () => {
      const secret = generator.random();
      expect(secret.value).to.match(HEX_80);
      expect(secret.hash).to.equal(sha256(secret.value));
    });

    it('makes a different secret each call', () => {
      const values = new Set(Array.from({ length: 50 }, () => generator.random().value));
      expect(values.size).to.equal(50);
    });
  });

  describe('successorOf', () => {
    it('derives the same successor for the same secret on every instance with the same key', () => {
      const secret = generator.random().value;
      const again = new CryptoTokenGenerator(Buffer.from(key)).successorOf(secret);
      expect(generator.successorOf(secret)).to.deep.equal(again);
    });

    it('derives a different successor under another key', () => {
      const secret = generator.random().value;
      const other = new CryptoTokenGenerator(Buffer.from('another-key-of-32-bytes-for-test'));
      expect(other.successorOf(secret).value).to.not.equal(generator.successorOf(secret).value);
    });

    it('derives an 80-hex secret, unlike its input and unlike the next one, with its SHA-256', () => {
      const secret = generator.random().value;
      const successor = generator.successorOf(secret);
      expect(successor.value).to.match(HEX_80);
      expect(successor.value).to.not.equal(secret);
      expect(generator.successorOf(successor.value).value).to.not.equal(successor.value);
      expect(successor.hash).to.equal(sha256(successor.value));
    });
  });

  describe('hashOf', () => {
    it('is SHA-256, hex', () => {
      expect(generator.hashOf('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });
  });
});
