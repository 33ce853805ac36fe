/**
 * The one shape of every contract suite's factory: a fresh adapter for one test (built from
 * `arg`, such as a policy), and what removes its traces afterwards.
 */
export type ContractFactory<T, Arg = void> = (arg: Arg) => Promise<Readonly<{ subject: T; cleanup(): Promise<void> }>>;

export const nothingToClean = async (): Promise<void> => {};
