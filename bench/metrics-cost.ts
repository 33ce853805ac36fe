/**
 * `npm run bench:metrics [-- --rounds N] [-- --seconds S]`: what Prometheus metrics cost the
 * hottest path, verify (GET /users/{id} with a Bearer token; issue 13 asks for under 5 %).
 *
 * Two API processes, as bench/run.ts starts them, one without metrics and one with METRICS_PORT
 * set, are loaded in turn, never together, in alternating order (AB BA AB…), so drift on a
 * shared machine falls on both alike. Reports the median req/s of each and their ratio. What is
 * measured is counting on every request; a scrape (every 15 s or more in practice) is not.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { login } from './chains';
import { type LoadResult, warmThenRun } from './load';
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

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const verify = (variant: Variant): Promise<LoadResult> =>
  warmThenRun({ url: `${variant.ready.apiUrl}/users/${variant.ready.user.id}`, headers: variant.bearer, connections: CONNECTIONS, durationS: SECONDS }, 1);

const main = async (): Promise<void> => {
  const variants = [await start('without metrics'), await start('with metrics')] as const;
  const rps: Record<Variant['name'], number[]> = { 'without metrics': [], 'with metrics': [] };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? variants : ([variants[1], variants[0]] as const);
      for (const variant of order) {
        const result = await verify(variant);
        if (result.errors > 0) throw new Error(`${variant.name}: ${result.errors} errors`);
        rps[variant.name].push(result.rps);
        process.stderr.write(`bench: round ${round + 1}/${ROUNDS} ${variant.name}: ${result.rps.toFixed(0)} req/s\n`);
      }
    }
  } finally {
    for (const variant of variants) variant.child.send({ type: 'stop' });
  }
  const without = median(rps['without metrics']);
  const withMetrics = median(rps['with metrics']);
  process.stdout.write(
    `verify, ${ROUNDS} alternating rounds of ${SECONDS} s, ${CONNECTIONS} connections:\n` +
      `  without metrics: median ${without.toFixed(0)} req/s (${rps['without metrics'].map((v) => v.toFixed(0)).join(', ')})\n` +
      `  with metrics:    median ${withMetrics.toFixed(0)} req/s (${rps['with metrics'].map((v) => v.toFixed(0)).join(', ')})\n` +
      `  cost: ${((1 - withMetrics / without) * 100).toFixed(1)} % of verify throughput\n`,
  );
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
