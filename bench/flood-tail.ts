/**
 * `npm run bench:flood-tail [-- --pairs N] [-- --rate R] [-- --seconds S] [-- --variants a,b] [-- --out FILE]`: where
 * the tail of token checks under a login flood comes from (issue 12, point 4).
 *
 * The bench's mixed pair (verify paced at R req/s, alone, then under a flood of logins) on
 * several variants of the API at once, each in its own process, interleaved: pair 1 of every
 * variant, then pair 2 of every variant, and so on, so a busy minute on the machine falls on all
 * of them. For each run it records, beside the client's p99: the API's own p99 for the same
 * requests (arrival to answer: time inside the process), its longest event-loop delay, and how
 * late the load generator's own loop was. Variants:
 * - `default`: the service as configured (one hashing thread per core, nice 19);
 * - `nice-10`: hashing threads at nice 10, the default before issue 12;
 * - `one-thread`: a hashing pool one thread smaller;
 * - `pinned`: the load generator (this process) on CPU 1 and the whole API on CPU 0 (taskset),
 *   so the generator no longer shares a core with the API or its hashing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ApiProcess } from './api-client';
import { login } from './chains';
import { type LoadResult, startLoad } from './load';
import { pacedLoad } from './paced';
import { lateness, medianOf, spreadOf } from './stats';

const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string', default: '3' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '5' },
    variants: { type: 'string' },
    out: { type: 'string' },
  },
  strict: true,
});
const pairs = Number(args.pairs);
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const warmupS = 1;
const outFile = resolve(args.out ?? join('bench', 'flood-tail.json'));

type Variant = Readonly<{ name: string; env: Record<string, string>; pinned: boolean }>;
const ALL_VARIANTS: readonly Variant[] = [
  { name: 'default', env: {}, pinned: false },
  { name: 'nice-10', env: { BENCH_HASHER_NICENESS: '10' }, pinned: false },
  { name: 'one-thread', env: { BENCH_HASHER_THREADS: String(Math.max(1, availableParallelism() - 1)) }, pinned: false },
  { name: 'pinned', env: {}, pinned: true },
];
/** `--variants default,nice-10`: only those; all by default. */
const VARIANTS = args.variants === undefined ? ALL_VARIANTS : ALL_VARIANTS.filter((v) => args.variants?.split(',').includes(v.name));

/** Sets the CPU affinity of every thread of a process (Linux `taskset`). */
const pin = (pid: number, cpuList: string): void => {
  execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
};

type Run = Readonly<{
  clientP99Ms: number;
  apiP99Ms: number;
  apiLoopMaxMs: number;
  generatorLoopP99Ms: number;
  generatorLoopMaxMs: number;
  /** Failed verifications (a failed one has no latency: it must not pass unseen). */
  errors: number;
  loginsPerS: number | null;
  busy: number | null;
  loadAverage1m: number;
}>;

const GENERATOR_LOOP_RESOLUTION_MS = 10;

const log = (line: string): void => {
  process.stderr.write(`flood-tail: ${line}\n`);
};

const main = async (): Promise<void> => {
  const allCpus = `0-${availableParallelism() - 1}`;
  const loadAtStart = loadavg()[0];
  const apis = new Map<string, ApiProcess>();
  const generatorLoop = monitorEventLoopDelay({ resolution: GENERATOR_LOOP_RESOLUTION_MS });
  generatorLoop.enable();
  try {
    for (const variant of VARIANTS) {
      const api = await ApiProcess.start(variant.env);
      if (variant.pinned && api.pid !== undefined) pin(api.pid, '0');
      apis.set(variant.name, api);
      log(`${variant.name}: ${api.ready.hasher} x${api.ready.hasherThreads} at nice ${api.ready.hasherNiceness}${variant.pinned ? ', pinned to CPU 0' : ''}`);
    }
    const results = new Map<string, { alone: Run[]; flood: Run[] }>(VARIANTS.map((v) => [v.name, { alone: [], flood: [] }]));
    for (let pair = 0; pair < pairs; pair += 1) {
      for (const variant of VARIANTS) {
        const api = apis.get(variant.name);
        if (api === undefined) continue;
        const { ready } = api;
        if (variant.pinned) pin(process.pid, String(availableParallelism() - 1));
        try {
          const session = await login(ready.apiUrl, ready.user);
          const url = `${ready.apiUrl}/users/${ready.user.id}`;
          const key = `GET /users/${ready.user.id}`;
          const paced = (s: number) => pacedLoad({ url, headers: { authorization: `Bearer ${session.accessToken}` }, rate, durationS: s });
          const once = async (withFlood: boolean): Promise<Run> => {
            await api.drain(true);
            await api.takePeaks();
            let flood: LoadResult | null = null;
            const floodLoad = withFlood
              ? startLoad({
                  url: `${ready.apiUrl}/users/authenticate`,
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ username: ready.floodUser.username, password: ready.floodUser.password }),
                  connections: ready.hasherThreads * 4,
                  durationS: warmupS + seconds + 60,
                })
              : null;
            let measured: LoadResult;
            try {
              await paced(warmupS);
              generatorLoop.reset();
              measured = await paced(seconds);
            } finally {
              floodLoad?.stop();
              flood = floodLoad === null ? null : await floodLoad.done;
            }
            await api.drain();
            const peaks = await api.takePeaks();
            return {
              clientP99Ms: measured.p99Ms,
              errors: measured.errors,
              apiP99Ms: peaks.served[key]?.p99Ms ?? Number.NaN,
              apiLoopMaxMs: peaks.loopDelayMaxMs,
              generatorLoopP99Ms: lateness(generatorLoop, GENERATOR_LOOP_RESOLUTION_MS).p99Ms,
              generatorLoopMaxMs: lateness(generatorLoop, GENERATOR_LOOP_RESOLUTION_MS).maxMs,
              loginsPerS: flood?.rps ?? null,
              busy: flood?.busy ?? null,
              loadAverage1m: loadavg()[0] ?? 0,
            };
          };
          const slot = results.get(variant.name);
          slot?.alone.push(await once(false));
          slot?.flood.push(await once(true));
          const last = (runs: Run[] | undefined) => runs?.[runs.length - 1];
          log(
            `pair ${pair + 1} ${variant.name}: p99 ${last(slot?.alone)?.clientP99Ms.toFixed(2)} -> ${last(slot?.flood)?.clientP99Ms.toFixed(2)} ms ` +
              `(API ${last(slot?.alone)?.apiP99Ms.toFixed(2)} -> ${last(slot?.flood)?.apiP99Ms.toFixed(2)} ms)`,
          );
        } finally {
          if (variant.pinned) pin(process.pid, allCpus);
        }
      }
    }
    const summary = VARIANTS.map((variant) => {
      const { alone, flood } = results.get(variant.name) ?? { alone: [], flood: [] };
      const med = (runs: Run[], pick: (run: Run) => number) => medianOf(runs.map(pick));
      return {
        variant: variant.name,
        ratio: spreadOf(flood.map((run, i) => run.clientP99Ms / (alone[i]?.clientP99Ms ?? Number.NaN))),
        clientP99Ms: { alone: med(alone, (r) => r.clientP99Ms), flood: med(flood, (r) => r.clientP99Ms) },
        apiP99Ms: { alone: med(alone, (r) => r.apiP99Ms), flood: med(flood, (r) => r.apiP99Ms) },
        apiLoopMaxMs: { alone: med(alone, (r) => r.apiLoopMaxMs), flood: med(flood, (r) => r.apiLoopMaxMs) },
        generatorLoopP99Ms: { alone: med(alone, (r) => r.generatorLoopP99Ms), flood: med(flood, (r) => r.generatorLoopP99Ms) },
        loginsPerS: med(flood, (r) => r.loginsPerS ?? Number.NaN),
        busy: flood.reduce((total, r) => total + (r.busy ?? 0), 0),
        errors: [...alone, ...flood].reduce((total, r) => total + r.errors, 0),
        runs: { alone, flood },
      };
    });
    writeFileSync(
      outFile,
      `${JSON.stringify({ generatedAt: new Date().toISOString(), pairs, rate, seconds, loadAverage1m: { atStart: loadAtStart, atEnd: loadavg()[0] }, summary }, null, 2)}\n`,
    );
    const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
    const rows = summary.map(
      (s) =>
        `| ${s.variant} | ${f(s.ratio.median)} (${f(s.ratio.min)}–${f(s.ratio.max)}) | ${f(s.clientP99Ms.alone)} → ${f(s.clientP99Ms.flood)} | ` +
        `${f(s.apiP99Ms.alone)} → ${f(s.apiP99Ms.flood)} | ${f(s.apiLoopMaxMs.alone)} → ${f(s.apiLoopMaxMs.flood)} | ` +
        `${f(s.generatorLoopP99Ms.alone)} → ${f(s.generatorLoopP99Ms.flood)} | ${f(s.loginsPerS)} | ${s.busy} | ${s.errors} |`,
    );
    process.stdout.write(
      `\nverify paced at ${rate} req/s, ${pairs} interleaved pairs of ${warmupS} s + ${seconds} s, load average ${loadAtStart?.toFixed(2)} -> ${loadavg()[0]?.toFixed(2)}\n\n` +
        '| variant | flood p99 / quiet p99, median (min–max) | client p99 ms quiet → flood | API p99 ms | API loop max ms | generator loop p99 ms | logins/s | 503 | verify errors |\n' +
        '|---|---|---|---|---|---|---|---|---|\n' +
        `${rows.join('\n')}\n\nwritten to ${outFile}\n`,
    );
  } finally {
    await Promise.all([...apis.values()].map((api) => api.stop()));
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`flood-tail failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
