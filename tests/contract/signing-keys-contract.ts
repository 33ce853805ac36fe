import { expect } from 'chai';
import { NodeKeyMaterial } from '../../src/adapters/security/node-key-material';
import type { SigningKeys } from '../../src/application/ports/signing-keys';
import { RotateSigningKeys } from '../../src/application/use-cases/rotate-signing-keys';
import { KeySet } from '../../src/domain/key-set';
import { SigningKey } from '../../src/domain/signing-key';
import { FakeClock } from '../support/fake-clock';
import { policyFor } from '../support/key-ring-fixture';
import { RecordingSecurityEvents } from '../support/recording-security-events';
import { JWT } from '../support/use-case-fixture';
import type { ContractFactory } from './contract-factory';

const DAY = 86_400;

/** What every signing-key store must do (src/application/ports/signing-keys.ts). */
export const describeSigningKeysContract = (name: string, makeStore: ContractFactory<SigningKeys>): void => {
  describe(`SigningKeys contract: ${name}`, () => {
    let keys: SigningKeys;
    let cleanup: () => Promise<void>;
    let clock: FakeClock;
    const material = new NodeKeyMaterial(JWT.secret);

    beforeEach(async () => {
      clock = new FakeClock();
      ({ subject: keys, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    const aKey = async (generation: number, signsFrom = clock.now()): Promise<SigningKey> =>
      SigningKey.create({ ...(await material.generate('ES256')), generation, algorithm: 'ES256', created: clock.now(), signsFrom });

    it('lists what was added, every field intact, and nothing before', async () => {
      expect(await keys.list()).to.deep.equal([]);
      const first = await aKey(1);
      const second = await aKey(2, new Date(clock.now().getTime() + 1000));

      expect(await keys.add(first)).to.equal('added');
      expect(await keys.add(second)).to.equal('added');

      const listed = (await keys.list()).map((key) => key.props).sort((a, b) => a.generation - b.generation);
      expect(listed).to.deep.equal([first.props, second.props]);
    });

    it('refuses a second key of a stored generation, keeping the first', async () => {
      const first = await aKey(1);
      await keys.add(first);

      expect(await keys.add(await aKey(1))).to.equal('generation-taken');

      expect((await keys.list()).map((key) => key.kid)).to.deep.equal([first.kid]);
    });

    it('adds one key when many claim the same generation at once', async () => {
      const rivals = await Promise.all(Array.from({ length: 8 }, () => aKey(1)));

      const results = await Promise.all(rivals.map((key) => keys.add(key)));

      expect(results.filter((result) => result === 'added')).to.have.length(1);
      expect(await keys.list()).to.have.length(1);
    });

    it('retires a key by kid, keeping the first retirement time; null for an unknown kid', async () => {
      const key = await aKey(1);
      await keys.add(key);
      const at = new Date(clock.now().getTime() + 5000);

      const retired = await keys.retire(key.kid, at);
      const again = await keys.retire(key.kid, new Date(at.getTime() + 5000));

      expect(retired?.props.retired).to.deep.equal(at);
      expect(again?.props.retired).to.deep.equal(at);
      expect((await keys.list())[0]?.props.retired).to.deep.equal(at);
      expect(await keys.retire('no-such-kid', at)).to.equal(null);
    });

    it('N instances noticing rotation at once create exactly one key', async () => {
      const policy = policyFor('ES256');
      const instances = Array.from({ length: 6 }, () => new RotateSigningKeys(keys, new NodeKeyMaterial(JWT.secret), clock, policy, new RecordingSecurityEvents()));
      const first = await Promise.all(instances.map((instance) => instance.execute({ trigger: 'schedule' })));
      expect(first.filter((result) => result.created !== null), 'the first key').to.have.length(1);

      clock.advanceSeconds(30 * DAY - policy.publicationSeconds);
      const second = await Promise.all(instances.map((instance) => instance.execute({ trigger: 'schedule' })));

      expect(second.filter((result) => result.created !== null), 'the next key').to.have.length(1);
      const stored = await keys.list();
      expect(stored.map((key) => key.generation).sort()).to.deep.equal([1, 2]);
      for (const result of second) expect(result.keys.keys.map((key) => key.kid)).to.deep.equal(new KeySet(stored, policy).keys.map((key) => key.kid));
    });
  });
};
