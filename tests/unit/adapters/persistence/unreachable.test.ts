import { expect } from 'chai';
import { type BulkWriteResult, MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { reportingUnreachable } from '../../../../src/adapters/persistence/mongodb/unreachable';

/** The wrapper is built as the driver builds it (bulk/common.ts); its result is not looked at. */
const emptyResult = (): BulkWriteResult => ({}) as BulkWriteResult;

const failingWith = (error: Error) =>
  reportingUnreachable({
    write: async (): Promise<never> => {
      throw error;
    },
  });

const nameOfFailure = async (error: Error): Promise<string> => {
  try {
    await failingWith(error).write();
  } catch (thrown) {
    return (thrown as Error).name;
  }
  return expect.fail('the call did not fail');
};

describe('reportingUnreachable: which driver failures become StoreUnavailable', () => {
  it('a lost connection, bare or inside a bulk write (the answer to a bulkWrite lost mid-flight)', async () => {
    const lost = new MongoNetworkError('connection 1 to 127.0.0.1:27017 closed');
    expect(await nameOfFailure(lost)).to.equal('StoreUnavailable');
    expect(await nameOfFailure(new MongoBulkWriteError(lost, emptyResult()))).to.equal('StoreUnavailable');
  });

  it("a socket closed under a pooled connection, which the driver lets through as Node's own EPIPE", async () => {
    const ended = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    expect(await nameOfFailure(ended)).to.equal('StoreUnavailable');
  });

  it('not a command the server refused, bare or inside a bulk write, nor an error of ours', async () => {
    expect(await nameOfFailure(new TypeError('x is undefined'))).to.equal('TypeError');
    const refused = new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
    expect(await nameOfFailure(refused)).to.equal('MongoServerError');
    expect(await nameOfFailure(new MongoBulkWriteError(refused, emptyResult()))).to.equal('MongoBulkWriteError');
  });
});
