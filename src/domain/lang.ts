/** Language-level helpers that every layer may use; nothing of the domain's rules. */

/** The default of an exhaustive switch: the compiler proves it unreachable, and it throws if it is reached anyway. */
export const assertNever = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};

/** A thrown value's message, for a log line or an operator. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a driving adapter needs of a use case: its `execute`, so tests can hand in a stand-in. */
export type Executes<T extends { execute: unknown }> = Pick<T, 'execute'>;
