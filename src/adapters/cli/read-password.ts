import type { Readable, Writable } from 'node:stream';

/** Where a password may come from: never argv. */
export type PasswordSources = Readonly<{
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Where a terminal prompt goes (stderr, so stdout stays the command's output). */
  prompt: Writable;
}>;

/** No password was given at all (as opposed to a weak one, which the use case refuses). */
export class NoPassword extends Error {}

/** Up to the first newline (without it, nor a CR before it); the whole input if it has none. */
const firstLine = async (input: Readable): Promise<string | undefined> => {
  input.setEncoding('utf8');
  let read = '';
  for await (const chunk of input) {
    read += String(chunk);
    const end = read.indexOf('\n');
    if (end >= 0) return read.slice(0, end).replace(/\r$/, '');
  }
  return read === '' ? undefined : read.replace(/\r$/, '');
};

/** Reads a line from a terminal without echoing it. */
const hiddenLine = (question: string, sources: PasswordSources): Promise<string> =>
  new Promise((resolve, reject) => {
    const { stdin, prompt } = sources;
    let typed: string[] = [];
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      prompt.write('\n');
      if (error) reject(error);
      else resolve(typed.join(''));
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new NoPassword('cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed.push(char);
      }
    };
    prompt.write(question);
    stdin.setEncoding('utf8');
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });

/**
 * The new password: USER_PASSWORD when set, else the first line of standard input; on a
 * terminal it is asked for twice without echo. Throws NoPassword when none was given.
 */
export const readPassword = async (sources: PasswordSources): Promise<string> => {
  const fromEnv = sources.env.USER_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (sources.stdin.isTTY === true) {
    const password = await hiddenLine('New password: ', sources);
    if ((await hiddenLine('Repeat it: ', sources)) !== password) throw new NoPassword('the two passwords differ');
    return password;
  }
  const line = await firstLine(sources.stdin);
  if (line === undefined) throw new NoPassword('no password: set USER_PASSWORD or pipe it on standard input (first line)');
  return line;
};
