import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import bcrypt from 'bcryptjs';
import { latencyOf } from './stats';

export type CeilingResult = Readonly<{
  rps: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  threads: number;
  durationS: number;
}>;

type WorkerAnswer = Readonly<{ compares: number; elapsedMs: number; latencies: number[] }>;

/**
 * The login ceiling: bcrypt.compare of a correct password at the configured cost, in a loop on
 * `threads` worker threads at once (the hasher's pool size: every core), with the API idle.
 */
export const bcryptCeiling = async (cost: number, threads: number, warmupS: number, durationS: number): Promise<CeilingResult> => {
  const password = 'bench-ceiling-password';
  const hash = bcrypt.hashSync(password, cost);
  const answers = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<WorkerAnswer>((resolve, reject) => {
          const worker = new Worker(join(__dirname, 'bcrypt-ceiling-worker.cjs'), {
            execArgv: [],
            workerData: { password, hash, warmupMs: warmupS * 1000, durationMs: durationS * 1000 },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`ceiling thread exited with code ${code}`)));
        }),
    ),
  );
  // Each thread's own rate, summed: threads that finish a compare late do not dilute the others.
  const rps = answers.reduce((sum, answer) => sum + answer.compares / (answer.elapsedMs / 1000), 0);
  return {
    rps,
    requests: answers.reduce((sum, answer) => sum + answer.compares, 0),
    ...latencyOf(answers.flatMap((answer) => answer.latencies)),
    errors: 0,
    threads,
    durationS,
  };
};
