import type { DomainError } from '../../domain/errors';

export type ErrorResponse = Readonly<{ status: number; message: string }>;

const assertNever = (value: never): never => {
  throw new Error(`unmapped error: ${JSON.stringify(value)}`);
};

/** The one place where domain errors become HTTP answers (the tutorial's codes and messages). */
export const errorResponse = (error: DomainError): ErrorResponse => {
  switch (error._tag) {
    case 'InvalidCredentials':
      return { status: 400, message: 'Username or password is incorrect' };
    case 'InvalidToken':
      return { status: 400, message: 'Invalid token' };
    case 'Unauthenticated':
    case 'Forbidden':
      return { status: 401, message: 'Unauthorized' };
    case 'UserNotFound':
      return { status: 404, message: 'User not found' };
    case 'UsernameTaken':
      return { status: 409, message: `Username '${error.username}' is already taken` };
    case 'InvalidUser':
      return { status: 400, message: `Validation error: ${error.problems.join(', ')}` };
    case 'LoginThrottled':
      // The route adds Retry-After from error.retryAfterSeconds.
      return { status: 429, message: 'Too many failed login attempts, try again later' };
    case 'ServiceBusy':
      // The route adds Retry-After from error.retryAfterSeconds.
      return { status: 503, message: 'Service busy, try again later' };
    default:
      return assertNever(error);
  }
};

/** Thrown inside the HTTP adapter to answer with a status and message; the error middleware renders it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  static from(error: DomainError): HttpError {
    const { status, message } = errorResponse(error);
    return new HttpError(status, message);
  }
}
