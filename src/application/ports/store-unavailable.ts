/**
 * Thrown by a store adapter when the store cannot be reached (connection refused or lost, no
 * server selected in time): a condition to retry later, unlike a bug or a refused write. The
 * HTTP adapter answers it with 503 and Retry-After.
 */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailable';
  }
}
