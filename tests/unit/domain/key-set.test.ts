import { expect } from 'chai';
import { type KeyLifecycle, KeySet } from '../../../src/domain/key-set';
import { SigningKey } from '../../../src/domain/signing-key';

const T0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const LIFE: KeyLifecycle = { rotationSeconds: 1000, publicationSeconds: 100, tokenLifetimeSeconds: 50 };

const key = (generation: number, signsFrom: number, retired?: number): SigningKey => {
  const made = SigningKey.create({
    kid: `k${generation}`,
    generation,
    algorithm: 'ES256',
    publicJwk: { kty: 'EC' },
    sealedPrivateKey: 'sealed',
    created: at(signsFrom - 100),
    signsFrom: at(signsFrom),
  });
  return retired === undefined ? made : made.retire(at(retired));
};
const states = (set: KeySet, seconds: number) => set.keys.map((k) => `${k.kid}:${set.stateOf(k, at(seconds))}`);

describe('KeySet (the signing-key lifecycle)', () => {
  it('with no key, a key is due at once', () => {
    expect(new KeySet([], LIFE).due(T0)).to.deep.equal({ generation: 1, signsFrom: T0 });
    expect(new KeySet([], LIFE).signer(T0)).to.equal(undefined);
  });

  it('the next key is due the publication delay before the hand-over, and signs at the hand-over', () => {
    const set = new KeySet([key(1, 0)], LIFE);
    expect(set.due(at(899))).to.equal(undefined);
    expect(set.due(at(900))).to.deep.equal({ generation: 2, signsFrom: at(1000) });
  });

  it('a late check still publishes the next key a full publication delay before it signs', () => {
    expect(new KeySet([key(1, 0)], LIFE).due(at(1500))).to.deep.equal({ generation: 2, signsFrom: at(1600) });
  });

  it('next, signing, verifying until the tokens of the old key expired, then expired', () => {
    const set = new KeySet([key(1, 0), key(2, 1000)], LIFE);
    expect(states(set, 950)).to.deep.equal(['k1:signing', 'k2:next']);
    expect(states(set, 1000)).to.deep.equal(['k1:verifying', 'k2:signing']);
    expect(states(set, 1049)).to.deep.equal(['k1:verifying', 'k2:signing']);
    expect(states(set, 1050)).to.deep.equal(['k1:expired', 'k2:signing']);
    expect(set.published(at(1050)).map((k) => k.kid)).to.deep.equal(['k2']);
    expect(set.verifier('k1', at(1049))?.kid).to.equal('k1');
    expect(set.verifier('k1', at(1050))).to.equal(undefined);
  });

  it('a retired key is neither published nor accepted; one retired before it signed leaves its predecessor signing', () => {
    const set = new KeySet([key(1, 0), key(2, 1000, 900)], LIFE);
    expect(states(set, 1200)).to.deep.equal(['k1:signing', 'k2:retired']);
    const alone = new KeySet([key(1, 0, 10)], LIFE);
    expect(alone.signer(at(10))).to.equal(undefined);
    expect(alone.verifier('k1', at(10))).to.equal(undefined);
    expect(alone.due(at(10))).to.deep.equal({ generation: 2, signsFrom: at(10) });
  });

  it('retiring a key that had taken over does not bring its predecessor back', () => {
    const set = new KeySet([key(1, 0), key(2, 1000, 5000)], LIFE);
    expect(states(set, 5000)).to.deep.equal(['k1:expired', 'k2:retired']);
    expect(set.signer(at(5000))).to.equal(undefined);
    expect(set.due(at(5000))).to.deep.equal({ generation: 3, signsFrom: at(5000) });
    const replaced = new KeySet([key(1, 0), key(2, 1000, 5000), key(3, 5000)], LIFE);
    expect(states(replaced, 5000)).to.deep.equal(['k1:expired', 'k2:retired', 'k3:signing']);
  });

  it("an operator's rotation signs after the publication delay, or at once", () => {
    const set = new KeySet([key(1, 0)], LIFE);
    expect(set.rotation(at(10), false)).to.deep.equal({ generation: 2, signsFrom: at(110) });
    expect(set.rotation(at(10), true)).to.deep.equal({ generation: 2, signsFrom: at(10) });
  });
});
