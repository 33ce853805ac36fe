import { type Either, isLeft } from 'fp-ts/Either';
import { messageOf } from '../../domain/lang';
import { EXIT, type ExitCode, type Print } from './commands';

/**
 * Opens the tools (store, use cases), runs one command on them and closes them whatever
 * happens: a store that cannot be opened or fails midway is exit 2 with its message on `err`.
 */
export const withTools = async <T extends Readonly<{ close(): Promise<void> }>>(
  open: () => Promise<T>,
  err: Print,
  run: (tools: T) => Promise<ExitCode>,
): Promise<ExitCode> => {
  let tools: T;
  try {
    tools = await open();
  } catch (error) {
    err(`error: cannot open the store: ${messageOf(error)}`);
    return EXIT.failure;
  }
  try {
    return await run(tools);
  } catch (error) {
    err(`error: ${messageOf(error)}`);
    return EXIT.failure;
  } finally {
    await tools.close();
  }
};

/**
 * The setup the environment gives, or null after saying on `err` what is wrong with it (the
 * caller exits with EXIT.usage). A throwaway embedded store is said too, before any prompt.
 */
export const setupFrom = <S extends Readonly<{ persistent: boolean }>>(
  env: NodeJS.ProcessEnv,
  configure: (env: NodeJS.ProcessEnv) => Either<string, S>,
  err: Print,
  embeddedNote: string,
): S | null => {
  const configured = configure(env);
  if (isLeft(configured)) {
    err(`error: ${configured.left}`);
    return null;
  }
  if (!configured.right.persistent) err(embeddedNote);
  return configured.right;
};
