import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import {
  checkDeployment,
  refuseUnsafeSettings,
  STANDALONE_WARNING,
  topologyOf,
  UnsafeMongoSettings,
} from '../../../../src/adapters/persistence/mongodb/mongo-deployment';
import { RecordingLogger } from '../../../support/recording-logger';

/** A client whose `hello` answers what the test says; it never opens a socket. */
const answering = (hello: Record<string, unknown>): MongoClient =>
  ({ db: () => ({ command: async () => hello }) }) as unknown as MongoClient;

describe('The MongoDB deployment check at start-up', () => {
  describe('topology from hello', () => {
    it('a mongos (msg isdbgrid) is a sharded cluster', () => {
      expect(topologyOf({ isWritablePrimary: true, msg: 'isdbgrid' })).to.equal('sharded');
    });
    it('a member naming its set is a replica set', () => {
      expect(topologyOf({ isWritablePrimary: true, setName: 'rs0', hosts: ['a:27017'] })).to.equal('replica-set');
    });
    it('anything else stands alone (FerretDB answers this way)', () => {
      expect(topologyOf({ isWritablePrimary: true, maxWireVersion: 21 })).to.equal('standalone');
    });
  });

  describe('what it does with each', () => {
    for (const [hello, topology] of [
      [{ setName: 'rs0' }, 'replica-set'],
      [{ msg: 'isdbgrid' }, 'sharded'],
    ] as const) {
      it(`${topology}: goes on without a warning, in production too`, async () => {
        const logger = new RecordingLogger();
        expect(await checkDeployment(answering(hello), { production: true, hosts: 'h', logger })).to.equal(topology);
        expect(logger.lines.filter((line) => line.level === 'warn')).to.deep.equal([]);
      });
    }

    it('standalone in development: goes on without a warning', async () => {
      const logger = new RecordingLogger();
      expect(await checkDeployment(answering({}), { production: false, hosts: 'h', logger })).to.equal('standalone');
      expect(logger.lines.filter((line) => line.level === 'warn')).to.deep.equal([]);
    });

    it('standalone in production: goes on with one warning saying what is not guaranteed', async () => {
      const logger = new RecordingLogger();
      expect(await checkDeployment(answering({}), { production: true, hosts: 'h', logger })).to.equal('standalone');
      const warnings = logger.lines.filter((line) => line.level === 'warn');
      expect(warnings.map((line) => line.message)).to.deep.equal([STANDALONE_WARNING]);
      expect(STANDALONE_WARNING).to.match(/majority/).and.match(/replica set/);
    });
  });

  describe('URI settings', () => {
    const refusal = (query: string): string | null => {
      try {
        refuseUnsafeSettings(new MongoClient(`mongodb://user:secret@h1,h2/db?${query}`), 'h1,h2');
        return null;
      } catch (error) {
        expect(error).to.be.instanceOf(UnsafeMongoSettings);
        return (error as Error).message;
      }
    };

    for (const query of ['w=0', 'w=1', 'readPreference=secondary', 'readPreference=primaryPreferred', 'readPreference=nearest', 'journal=false']) {
      it(`refuses ${query}, naming it and never the credentials`, () => {
        const message = refusal(query);
        expect(message).to.include(query);
        expect(message).to.not.include('secret');
      });
    }

    for (const query of ['', 'w=majority', 'w=majority&journal=true', 'readPreference=primary', 'retryWrites=true', 'replicaSet=rs0']) {
      it(`accepts '${query}'`, () => {
        expect(refusal(query)).to.equal(null);
      });
    }
  });
});
