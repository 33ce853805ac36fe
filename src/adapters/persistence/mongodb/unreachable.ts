import {
  MongoBulkWriteError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { StoreUnavailable } from '../../../application/ports/store-unavailable';

/**
 * Node's own socket failures. The driver lets one through unwrapped when it writes a command to a
 * pooled connection the server has just closed (EPIPE, "This socket has been ended by the other
 * party": seen on FerretDB through a TCP proxy cut between two requests).
 */
const SOCKET_FAILURES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The driver's ways of saying "the server cannot be reached now" (as opposed to a refused command).
 * A bulk write wraps the connection's failure, the same outage, in a MongoBulkWriteError.
 */
export const isUnreachable = (error: unknown): boolean =>
  error instanceof MongoNetworkError ||
  error instanceof MongoServerSelectionError ||
  error instanceof MongoNotConnectedError ||
  error instanceof MongoTopologyClosedError ||
  (error instanceof MongoBulkWriteError && isUnreachable(error.errorResponse)) ||
  (error instanceof Error && SOCKET_FAILURES.has(String((error as NodeJS.ErrnoException).code)));

const translated = (error: unknown): never => {
  throw isUnreachable(error) ? new StoreUnavailable(error) : error;
};

/**
 * The repository with every method's connection failures rethrown as StoreUnavailable, so the
 * application sees the port's error and never a driver error; anything else passes unchanged.
 */
export const reportingUnreachable = <T extends object>(repository: T): T =>
  new Proxy(repository, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]): unknown => {
        try {
          const result: unknown = member.apply(target, args);
          return result instanceof Promise ? result.catch(translated) : result;
        } catch (error) {
          return translated(error);
        }
      };
    },
  });
