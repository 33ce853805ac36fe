/**
 * `npm run bench:metrics [-- --rounds N] [-- --seconds S]`: what Prometheus metrics cost the
 * hottest path, verify (GET /users/{id} with a Bearer token; issue 13 asks for under 5 %).
 *
 * Two API processes, as bench/run.ts starts them, one without metrics and one with METRICS_PORT
 * set, are loaded in turn, never together, in alternating order (AB BA AB…), so drift on a
 * shared machine falls on both alike. Reports, for each, the median req/s and the median CPU
 * time the API process spent per request (from /proc, so Linux only): on a machine shared with
 * other work, throughput swings with the neighbours' load, while CPU per request mostly does
 * not, so the cost is given from the latter. What is measured is counting on every request; a
 * scrape (every 15 s or more in practice) is not.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { login } from './chains';
import { type LoadResult, runLoad } from './load';
import type { ChildMessage, Ready } from './protocol';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '6' }, seconds: { type: 'string', default: '5' } },
  strict: true,
});
const ROUNDS = Math.max(1, Number(args.rounds));
const SECONDS = Math.max(1, Number(args.seconds));
const CONNECTIONS = 10;

type Variant = Readonly<{ name: 'without metrics' | 'with metrics'; child: ChildProcess; ready: Ready; bearer: Record<string, string> }>;

const start = async (name: Variant['name']): Promise<Variant> => {
  const fromSource = extname(__filename) === '.ts';
  const child = fork(join(__dirname, `api-process${extname(__filename)}`), [], {
    execArgv: fromSource ? ['-r', '@swc-node/register'] : [],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'error',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      METRICS_PORT: name === 'with metrics' ? '0' : '',
      METRICS_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message);
      if (message.type === 'failed') reject(new Error(message.message));
    });
    child.once('exit', (code) => reject(new Error(`the API process exited with ${code}`)));
  });
  const bearer = { authorization: `Bearer ${(await login(ready.apiUrl, ready.user)).accessToken}` };
  return { name, child, ready, bearer };
};

/** User + system CPU seconds of a process so far (all its threads), from /proc/PID/stat. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** A 1 s warm-up, then the measured run; `measuredStarts` is called between the two. */
const warmThenRunMeasuringCpu = async (variant: Variant, measuredStarts: () => void): Promise<LoadResult> => {
  const options = { url: `${variant.ready.apiUrl}/users/${variant.ready.user.id}`, headers: variant.bearer, connections: CONNECTIONS };
  await runLoad({ ...options, durationS: 1 });
  measuredStarts();
  return runLoad({ ...options, durationS: SECONDS });
};

const main = async (): Promise<void> => {
  const variants = [await start('without metrics'), await start('with metrics')] as const;
  const rps: Record<Variant['name'], number[]> = { 'without metrics': [], 'with metrics': [] };
  const cpuMicros: Record<Variant['name'], number[]> = { 'without metrics': [], 'with metrics': [] };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? variants : ([variants[1], variants[0]] as const);
      for (const variant of order) {
        const pid = variant.child.pid ?? 0;
        let cpuBefore = 0;
        const result = await warmThenRunMeasuringCpu(variant, () => (cpuBefore = cpuSeconds(pid)));
        const perRequest = ((cpuSeconds(pid) - cpuBefore) / result.requests) * 1e6;
        if (result.errors > 0) throw new Error(`${variant.name}: ${result.errors} errors`);
        rps[variant.name].push(result.rps);
        cpuMicros[variant.name].push(perRequest);
        process.stderr.write(`bench: round ${round + 1}/${ROUNDS} ${variant.name}: ${result.rps.toFixed(0)} req/s, ${perRequest.toFixed(1)} µs CPU/request\n`);
      }
    }
  } finally {
    for (const variant of variants) variant.child.send({ type: 'stop' });
  }
  const line = (name: Variant['name']): string =>
    `  ${name.padEnd(15)}  median ${median(rps[name]).toFixed(0)} req/s (${rps[name].map((v) => v.toFixed(0)).join(', ')}); ` +
    `median ${median(cpuMicros[name]).toFixed(1)} µs CPU per request (${cpuMicros[name].map((v) => v.toFixed(1)).join(', ')})\n`;
  const cost = median(cpuMicros['with metrics']) / median(cpuMicros['without metrics']) - 1;
  process.stdout.write(
    `verify, ${ROUNDS} alternating rounds of ${SECONDS} s, ${CONNECTIONS} connections:\n` +
      line('without metrics') +
      line('with metrics') +
      `  cost of metrics: ${(cost * 100).toFixed(1)} % more CPU per verify request ` +
      `(throughput medians: ${((1 - median(rps['with metrics']) / median(rps['without metrics'])) * 100).toFixed(1)} % lower)\n`,
  );
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
