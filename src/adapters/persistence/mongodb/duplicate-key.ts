import { MongoServerError } from 'mongodb';

const DUPLICATE_KEY = 11000;

/** A write refused by a unique index: an expected answer, never surfaced as a driver error. */
export const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === DUPLICATE_KEY;
