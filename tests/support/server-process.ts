import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** `src/main/server.ts` in a child process, with `env` over this process's environment. */
export const spawnServer = (env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, ['-r', '@swc-node/register', 'src/main/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Resolves once the child has written `text` to stdout. */
export const printed = (child: ChildProcess, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing '${text}': ${seen}`)));
  });
