/**
 * Work a request starts but does not wait for: it keeps storage bounded and decides no answer
 * (the sessions beyond a user's limit, a session's rotations beyond its history). Tasks under one
 * key run one at a time; asked for again before its run has started, a key's task runs once, the
 * later one; asked for while it runs, it runs once more afterwards. A failed task is reported by
 * the adapter and not retried: the next request that asks for the key does the whole work again.
 */
export interface Housekeeping {
  afterAnswer(key: string, task: () => Promise<void>): void;
}
