import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { extname, join } from 'node:path';
import type { ChildMessage, Drained, Minted, ParentMessage, Peak, Ready, Seeded } from './protocol';

const MB = 1024 * 1024;

/** What the API process saw over one scenario run (see Peak). */
export type ApiPeaks = Readonly<{
  rssMB: number;
  loopDelayMaxMs: number;
  requests: number;
  served: Peak['served'];
  commands: Record<string, number>;
}>;

/** The API process (bench/api-process.ts), and a request/answer channel to it. */
export class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  /** `env`: added to this process's environment (e.g. BENCH_HASHER_THREADS). */
  static async start(env: Readonly<Record<string, string>> = {}): Promise<ApiProcess> {
    // Compiled, as `npm start` runs the service (dist/); from source only when run as TypeScript.
    const fromSource = extname(__filename) === '.ts';
    const child = fork(join(__dirname, `api-process${extname(__filename)}`), [], {
      execArgv: fromSource ? ['-r', '@swc-node/register'] : [],
      env: {
        ...process.env,
        NODE_ENV: process.env.NODE_ENV ?? 'development',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
        JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.pipe(process.stderr);
    child.stderr?.pipe(process.stderr);
    const ready = await new Promise<Ready>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error('the API process did not start within 300 s')), 300_000);
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolveReady(message);
        }
        if (message.type === 'failed') reject(new Error(`the API process failed to start: ${message.message}`));
      });
      child.once('exit', (code) => reject(new Error(`the API process exited with code ${code} before it was ready`)));
    });
    return new ApiProcess(child, ready);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the API saw since the previous call: peak RSS, longest loop delay, requests, their time, database commands. */
  async takePeaks(): Promise<ApiPeaks> {
    const { peakRssBytes, type: _type, ...rest } = await this.ask<Peak>({ type: 'peak' }, 'peak');
    return { rssMB: peakRssBytes / MB, ...rest };
  }

  /** Stores the many-tokens user's refresh tokens (see Seeded). */
  seed(): Promise<Seeded> {
    return this.ask<Seeded>({ type: 'seed' }, 'seeded');
  }

  /** Access tokens for the bench user that no request has carried yet. */
  async mint(count: number): Promise<readonly string[]> {
    return (await this.ask<Minted>({ type: 'mint', count }, 'minted')).tokens;
  }

  /** Resolves once the API has finished every request it received (stopped load generators leave some behind). */
  async drain(collectGarbage = false): Promise<void> {
    await this.ask<Drained>({ type: 'drain', collectGarbage }, 'drained');
  }

  private ask<T extends ChildMessage>(question: ParentMessage, answerType: T['type']): Promise<T> {
    const answer = new Promise<T>((resolveAnswer, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== answerType && message.type !== 'failed') return;
        this.child.off('message', onMessage);
        if (message.type === 'failed') reject(new Error(`the API process failed: ${message.message}`));
        else resolveAnswer(message as T);
      };
      this.child.on('message', onMessage);
    });
    this.child.send(question);
    return answer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
    this.child.send({ type: 'stop' } satisfies ParentMessage);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}
