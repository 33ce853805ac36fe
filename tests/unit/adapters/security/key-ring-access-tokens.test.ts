import { expect } from 'chai';
import { isRight } from 'fp-ts/Either';
import jwt from 'jsonwebtoken';
import { InMemorySigningKeys } from '../../../../src/adapters/persistence/memory/in-memory-signing-keys';
import { keyRingTokens } from '../../../support/key-ring-fixture';

const claims = { userId: 'user-1', sessionId: 'fam-1' };
const kidOf = (token: string): string => String((jwt.decode(token, { complete: true }) as jwt.Jwt).header.kid);

describe('KeyRingAccessTokens', () => {
  it('checks the signature of a token once, then answers it from the cache', async () => {
    const subject = keyRingTokens('ES256');
    const { token } = await subject.tokens.issue(claims);
    let checks = 0;
    const publicKeyOf = subject.material.publicKeyOf.bind(subject.material);
    subject.material.publicKeyOf = (key) => {
      checks += 1;
      return publicKeyOf(key);
    };

    for (let i = 0; i < 5; i += 1) expect(await subject.tokens.verify(token)).to.deep.equal(claims);

    expect(checks).to.equal(1);
  });

  it('shares one read of the key set between concurrent callers, and reads again only after the refresh period', async () => {
    const subject = keyRingTokens('ES256', { refreshSeconds: 30 });
    await Promise.all(Array.from({ length: 10 }, () => subject.tokens.issue(claims)));
    expect(subject.loads()).to.equal(1);

    subject.clock.advanceSeconds(29);
    await subject.tokens.issue(claims);
    expect(subject.loads()).to.equal(1);
    subject.clock.advanceSeconds(1);
    await subject.tokens.issue(claims);
    expect(subject.loads()).to.equal(2);
  });

  it('keeps at most its capacity of tokens, the oldest leaving first', async () => {
    const subject = keyRingTokens('ES256', { cacheSize: 3 });
    const issued = [];
    for (let i = 0; i < 5; i += 1) {
      issued.push((await subject.tokens.issue({ ...claims, sessionId: `s${i}` })).token);
      await subject.tokens.verify(issued[i] ?? '');
    }
    expect(subject.cache.size).to.equal(3);
    expect(subject.cache.get(issued[0] ?? '', subject.clock.now())).to.equal(undefined);
    expect(subject.cache.get(issued[4] ?? '', subject.clock.now())).to.not.equal(undefined);
  });

  it('refuses the tokens of a retired key, cached ones included, once it has read the key set again', async () => {
    const store = new InMemorySigningKeys();
    const subject = keyRingTokens('ES256', { store, refreshSeconds: 30 });
    const other = keyRingTokens('ES256', { store, clock: subject.clock });
    const { token } = await subject.tokens.issue(claims);
    expect(await subject.tokens.verify(token)).to.deep.equal(claims);

    const retired = await other.retire.execute({ kid: kidOf(token) });

    expect(isRight(retired) && retired.right.replacement !== null, 'a successor signs at once').to.equal(true);
    subject.clock.advanceSeconds(30);
    expect(await subject.tokens.verify(token)).to.equal(null);
    const fresh = await subject.tokens.issue(claims);
    expect(kidOf(fresh.token)).to.not.equal(kidOf(token));
    expect(await subject.tokens.verify(fresh.token)).to.deep.equal(claims);
  });

  it('with a refresh lag of 0, a retirement is seen on the next call', async () => {
    const store = new InMemorySigningKeys();
    const subject = keyRingTokens('ES256', { store, refreshSeconds: 0 });
    const { token } = await subject.tokens.issue(claims);
    expect(await subject.tokens.verify(token)).to.deep.equal(claims);

    await keyRingTokens('ES256', { store, clock: subject.clock }).retire.execute({ kid: kidOf(token) });

    expect(await subject.tokens.verify(token)).to.equal(null);
  });

  it('accepts at once a token of a key another instance just made (rotate --now): an unknown kid reloads the set', async () => {
    const store = new InMemorySigningKeys();
    const here = keyRingTokens('ES256', { store });
    const there = keyRingTokens('ES256', { store, clock: here.clock });
    await here.tokens.issue(claims);

    await there.rotate.execute({ trigger: 'operator', immediately: true });
    const fromThere = await there.tokens.issue(claims);

    expect(await here.tokens.verify(fromThere.token)).to.deep.equal(claims);
  });

  it('records the audit events: created by the schedule or the operator, rotated, retired', async () => {
    const subject = keyRingTokens('ES256');
    const first = await subject.tokens.issue(claims);
    await subject.rotate.execute({ trigger: 'operator', immediately: false });
    await subject.retire.execute({ kid: kidOf(first.token) });

    expect(subject.events.recorded.map(({ type }) => type)).to.deep.equal([
      'signingKeyCreated',
      'signingKeyCreated',
      'signingKeysRotated',
      'signingKeyCreated',
      'signingKeysRotated',
      'signingKeyRetired',
    ]);
    expect(subject.events.recorded[0]?.event).to.include({ by: 'schedule', generation: 1, algorithm: 'ES256' });
    expect(JSON.stringify(subject.events.recorded)).to.not.match(/A256GCM/);
  });
});
