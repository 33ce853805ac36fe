import { expect } from 'chai';
import { type Either, isLeft } from 'fp-ts/Either';

/** The value of a Right; fails the test, showing the error, on a Left. */
export const rightOf = <E, A>(result: Either<E, A>): A =>
  isLeft(result) ? expect.fail(`expected Right, got Left ${JSON.stringify(result.left)}`) : result.right;

/** The error of a Left; fails the test on a Right. */
export const leftOf = <E, A>(result: Either<E, A>): E =>
  isLeft(result) ? result.left : expect.fail('expected Left, got Right');

/** The error a promise rejects with; fails the test when it resolves. */
export const expectRejection = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return expect.fail('expected a rejection, but the promise resolved');
};
