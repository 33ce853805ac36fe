import { type Either, isLeft } from 'fp-ts/Either';
import type { DomainError } from '../../domain/errors';
import { HttpError } from './error-responses';

/** The value of a use case's answer, or the mapped HTTP error thrown for the error middleware. */
export const unwrap = <A>(result: Either<DomainError, A>): A => {
  if (isLeft(result)) throw HttpError.from(result.left);
  return result.right;
};
