import type { DomainError } from '../../domain/errors';
import { assertNever } from '../../domain/lang';

/** How an error is answered: status, the body's message and any headers the answer needs. */
export type ErrorResponse = Readonly<{ status: number; message: string; headers?: Readonly<Record<string, string>> }>;

/** RFC 6750: a 401 names the scheme the client should authenticate with. */
const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer' } as const;

/** The one place where domain errors become HTTP answers (the tutorial's codes and messages). */
export const errorResponse = (error: DomainError): ErrorResponse => {
  switch (error._tag) {
    case 'InvalidCredentials':
      return { status: 400, message: 'Username or password is incorrect' };
    case 'InvalidToken':
      return { status: 400, message: 'Invalid token' };
    case 'Unauthenticated':
    case 'Forbidden':
      return { status: 401, message: 'Unauthorized', headers: BEARER_CHALLENGE };
    case 'UserNotFound':
      return { status: 404, message: 'User not found' };
    case 'SessionNotFound':
      return { status: 404, message: 'Session not found' };
    case 'WrongCurrentPassword':
      return { status: 400, message: 'Current password is incorrect' };
    case 'UsernameTaken':
      return { status: 409, message: `Username '${error.username}' is already taken` };
    case 'InvalidUser':
    case 'InvalidPassword':
      return { status: 400, message: `Validation error: ${error.problems.join(', ')}` };
    case 'LoginThrottled':
      return {
        status: 429,
        message: 'Too many failed login attempts, try again later',
        headers: { 'Retry-After': String(error.retryAfterSeconds) },
      };
    case 'ServiceBusy':
      return {
        status: 503,
        message: 'Service busy, try again later',
        headers: { 'Retry-After': String(error.retryAfterSeconds) },
      };
    default:
      return assertNever(error);
  }
};

/**
 * Thrown inside the HTTP adapter to answer with a status, message and headers (Koa's own
 * convention: an error carries `status`, `expose` and `headers`); the error middleware renders it.
 */
export class HttpError extends Error {
  readonly expose = true;

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  static from(error: DomainError): HttpError {
    const { status, message, headers } = errorResponse(error);
    return new HttpError(status, message, headers);
  }
}
