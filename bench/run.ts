/**
 * `npm run bench [-- --quick] [-- --metrics] [-- --out FILE]`: the API against its own ceilings (issue 5).
 * `--metrics` runs the API with Prometheus metrics on (METRICS_PORT), to compare with a run without.
 *
 * Starts the API as a child process on ephemeral 127.0.0.1 ports (embedded store, or MongoDB
 * when MONGODB_URI is set), runs each scenario for a fixed time after a warm-up, prints a table
 * and writes bench/results.json. Every ratio is taken against a ceiling measured in the same
 * run, so the figures say how close the service comes to what this machine allows.
 *
 * Load generators: autocannon for the fixed-duration scenarios (verify, its ceiling, login, the
 * login flood); undici loops where a request needs the previous answer (refresh chains, race)
 * and for the steady-rate verify of the mixed pair (see paced.ts). Latencies are kept as
 * sub-millisecond floats. The bench process is itself a client on the same cores: on a small
 * machine it takes CPU from the API, as the ceilings' clients do from theirs.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, availableParallelism, loadavg, totalmem } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bcryptCeiling } from './bcrypt-ceiling';
import { login, race, refreshChains } from './chains';
import { type LoadResult, startLoad, warmThenRun } from './load';
import { pacedLoad } from './paced';
import type { ChildMessage, Drained, Minted, ParentMessage, Peak, Ready } from './protocol';
import { ratiosOf, renderTable, SCENARIOS, type ScenarioFigures, type ScenarioName, targetsOf } from './report';

const MB = 1024 * 1024;
const VERIFY_CONNECTIONS = 10;
const REFRESH_CLIENTS = 10;
const RACE_ROUNDS = 100;
const RACE_CONCURRENCY = 50;
/** The race stops after this long even if rounds remain (it takes a few seconds on the embedded store). */
const RACE_MAX_SECONDS = 120;
/** Tokens minted for the fresh-token scenario: more than it can use at this machine's rate, so none repeats. */
const FRESH_TOKENS = { quick: 20_000, full: 150_000 };
/** Mixed runs verify at a steady rate, this share of the verify scenario's throughput, alone and under the flood. */
const MIXED_RATE_SHARE = 0.2;

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, metrics: { type: 'boolean', default: false }, out: { type: 'string' } },
  strict: true,
});
const quick = args.quick === true;
const metrics = args.metrics === true;
const timing = quick ? { warmupS: 0.5, durationS: 1.5 } : { warmupS: 3, durationS: 10 };
// npm runs scripts from the package root, whether this file runs compiled (dist/bench) or not.
const outFile = resolve(args.out ?? join('bench', 'results.json'));

const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

/** The API process, and a request/answer channel to it. */
class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

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
        // On an ephemeral port: what it costs is counting, not being scraped. Off unless asked.
        METRICS_PORT: metrics ? '0' : '',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.pipe(process.stderr);
    child.stderr?.pipe(process.stderr);
    const ready = await new Promise<Ready>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error('the API process did not start within 180 s')), 180_000);
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

  /** Peak RSS (MB) and longest event-loop delay (ms) since the previous call. */
  async takePeaks(): Promise<Readonly<{ rssMB: number; loopDelayMaxMs: number }>> {
    const answer = await this.ask<Peak>({ type: 'peak' }, 'peak');
    return { rssMB: answer.peakRssBytes / MB, loopDelayMaxMs: answer.loopDelayMaxMs };
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
    const answer = new Promise<T>((resolveAnswer) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== answerType) return;
        this.child.off('message', onMessage);
        resolveAnswer(message as T);
      };
      this.child.on('message', onMessage);
    });
    this.send(question);
    return answer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
    this.send({ type: 'stop' });
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  private send(message: ParentMessage): void {
    this.child.send(message);
  }
}

type Measured = Omit<ScenarioFigures, 'peakRssMB' | 'loopDelayMaxMs' | 'note' | 'loadAverage1m'>;

const figures = (
  result: Measured,
  peaks: Readonly<{ rssMB: number; loopDelayMaxMs: number }> | null,
  note: string,
): ScenarioFigures => ({
  rps: result.rps,
  p50Ms: result.p50Ms,
  p99Ms: result.p99Ms,
  peakRssMB: peaks?.rssMB ?? null,
  loopDelayMaxMs: peaks?.loopDelayMaxMs ?? null,
  loadAverage1m: loadavg()[0] ?? 0,
  requests: result.requests,
  errors: result.errors,
  durationS: result.durationS,
  note,
});

const machine = () => ({
  nproc: cpus().length,
  availableParallelism: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryMB: Math.round(totalmem() / MB),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
});

const main = async (): Promise<void> => {
  const loadAtStart = loadavg();
  log(`${quick ? 'quick' : 'full'} run: ${timing.warmupS} s warm-up + ${timing.durationS} s per scenario; starting the API`);
  const api = await ApiProcess.start();
  const { ready } = api;
  log(
    `API on ${ready.apiUrl} (${ready.store} store, ${ready.hasher} x${ready.hasherThreads}, bcrypt cost ${ready.bcryptCost}), ` +
      `ceiling on ${ready.ceilingUrl}, ${ready.seededTokens} tokens seeded`,
  );
  const scenarios: Partial<Record<ScenarioName, ScenarioFigures>> = {};
  let raceFailures = 0;
  let raceDetail = {};

  /** Runs one scenario and records its figures with the API's peak RSS over it. */
  const measure = async (
    name: ScenarioName,
    run: () => Promise<Measured>,
    note: string | ((result: Measured) => string),
    options: Readonly<{ apiUnderLoad?: boolean; collectGarbageFirst?: boolean; on?: ApiProcess }> = {},
  ): Promise<Measured> => {
    log(`${name} ...`);
    const target = options.on ?? api;
    await target.drain(options.collectGarbageFirst ?? false);
    await target.takePeaks();
    const result = await run();
    await target.drain();
    const peaks = await target.takePeaks();
    const noted = typeof note === 'string' ? note : note(result);
    scenarios[name] = figures(result, (options.apiUnderLoad ?? true) ? peaks : null, noted);
    return result;
  };

  try {
    const verifyUrl = (id: string, on: Ready = ready) => `${on.apiUrl}/users/${encodeURIComponent(id)}`;
    const bearer = async (who: Ready['user'], on: Ready = ready) => ({ authorization: `Bearer ${(await login(on.apiUrl, who)).accessToken}` });
    const { warmupS, durationS } = timing;
    /** Every request with a token the API has never seen: each one costs a signature check. */
    let freshNote = '';
    const freshTokens = async (on: ApiProcess): Promise<Measured> => {
      const tokens = await on.mint(quick ? FRESH_TOKENS.quick : FRESH_TOKENS.full);
      let next = 0;
      let wrapped = false;
      const nextHeaders = () => {
        if (next >= tokens.length) [next, wrapped] = [0, true];
        return { authorization: `Bearer ${tokens[next++]}` };
      };
      const result = await warmThenRun({ url: verifyUrl(on.ready.user.id, on.ready), nextHeaders, connections: VERIFY_CONNECTIONS, durationS }, warmupS);
      freshNote = `every request a new token (${tokens.length} minted${wrapped ? ', REUSED: too few' : ''})`;
      return result;
    };

    await measure(
      'verify-ceiling',
      () => warmThenRun({ url: `${ready.ceilingUrl}/users/${ready.user.id}`, connections: VERIFY_CONNECTIONS, durationS }, warmupS),
      'bare Koa route, same JSON, no auth',
    );
    const verify = await measure(
      'verify',
      async () => warmThenRun({ url: verifyUrl(ready.user.id), headers: await bearer(ready.user), connections: VERIFY_CONNECTIONS, durationS }, warmupS),
      'GET /users/{id}, Bearer token',
    );
    await measure(
      'verify-many-tokens',
      async () =>
        warmThenRun(
          { url: verifyUrl(ready.manyTokensUser.id), headers: await bearer(ready.manyTokensUser), connections: VERIFY_CONNECTIONS, durationS },
          warmupS,
        ),
      `user with ${ready.seededTokens} stored refresh tokens`,
    );
    await measure('verify-fresh-tokens', () => freshTokens(api), () => freshNote);
    await measure(
      'refresh',
      () => refreshChains(ready.apiUrl, ready.user, REFRESH_CLIENTS, warmupS, durationS),
      `${REFRESH_CLIENTS} chained clients, cookie from previous answer`,
    );
    await measure(
      'bcrypt-ceiling',
      () => bcryptCeiling(ready.bcryptCost, ready.hasherThreads, warmupS, durationS),
      `bcrypt.compare cost ${ready.bcryptCost} on ${ready.hasherThreads} threads (compares/s)`,
      { apiUnderLoad: false },
    );
    const loginBody = JSON.stringify({ username: ready.user.username, password: ready.user.password });
    const loginLoad = {
      url: `${ready.apiUrl}/users/authenticate`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: loginBody,
      connections: ready.hasherThreads * 4,
    };
    // The warm-up's last logins are still being checked when it stops: drained first, or they and
    // the measured run's together overflow the hasher's bounded queue and get 503.
    await measure('login', () => warmThenRun({ ...loginLoad, durationS }, warmupS, () => api.drain()), `POST /users/authenticate, ${loginLoad.connections} connections`);
    await measure(
      'race',
      async () => {
        const result = await race(ready.apiUrl, ready.user, RACE_ROUNDS, RACE_CONCURRENCY, RACE_MAX_SECONDS);
        raceFailures = result.splitRounds + result.failedRounds;
        raceDetail = result;
        return { ...result, errors: result.failedRequests };
      },
      () => {
        const r = raceDetail as { rounds: number; splitRounds: number; failedRounds: number };
        const capped = r.rounds < RACE_ROUNDS ? ` (of ${RACE_ROUNDS}: time cap)` : '';
        return `${RACE_CONCURRENCY} x ${r.rounds} rounds${capped}: ${r.splitRounds} split, ${r.failedRounds} with failures`;
      },
    );

    // Mixed: verify at a steady rate (paced, open loop), alone and then under a flood of logins.
    const rate = Math.max(20, Math.round(verify.rps * MIXED_RATE_SHARE));
    const pacedVerify = async (seconds: number) =>
      pacedLoad({ url: verifyUrl(ready.user.id), headers: await bearer(ready.user), rate, durationS: seconds });
    await measure(
      'mixed-alone',
      async () => {
        await pacedVerify(warmupS);
        return pacedVerify(durationS);
      },
      `verify paced at ${rate} req/s, nothing else`,
      { collectGarbageFirst: true },
    );
    let flood: LoadResult | undefined;
    await measure(
      'mixed',
      async () => {
        const floodLoad = startLoad({ ...loginLoad, durationS: warmupS + durationS + 60 });
        try {
          await pacedVerify(warmupS); // warm-up, with the flood building up
          return await pacedVerify(durationS);
        } finally {
          floodLoad.stop();
          flood = await floodLoad.done;
        }
      },
      () => `verify paced at ${rate} req/s + login flood (${flood === undefined ? '-' : flood.rps.toFixed(1)} logins/s)`,
      { collectGarbageFirst: true },
    );

    // The same service signing with HS256 (JWT_SECRET), for the cost of the asymmetric keys.
    log('starting a second API with ACCESS_TOKEN_ALGORITHM=HS256');
    await api.stop();
    const hmac = await ApiProcess.start({ ACCESS_TOKEN_ALGORITHM: 'HS256' });
    try {
      const on = { on: hmac };
      const r = hmac.ready;
      await measure(
        'verify-hs256',
        async () => warmThenRun({ url: verifyUrl(r.user.id, r), headers: await bearer(r.user, r), connections: VERIFY_CONNECTIONS, durationS }, warmupS),
        'as verify, HS256',
        on,
      );
      await measure('verify-fresh-tokens-hs256', () => freshTokens(hmac), () => `${freshNote}, HS256`, on);
      await measure('refresh-hs256', () => refreshChains(r.apiUrl, r.user, REFRESH_CLIENTS, warmupS, durationS), 'as refresh, HS256', on);
      await measure('login-hs256', () => warmThenRun({ ...loginLoad, url: `${r.apiUrl}/users/authenticate`, body: JSON.stringify({ username: r.user.username, password: r.user.password }), durationS }, warmupS), 'as login, HS256', on);
    } finally {
      await hmac.stop();
    }

    const all = scenarios as Record<ScenarioName, ScenarioFigures>;
    const ratios = ratiosOf(all);
    const peakRssMB = Math.max(...SCENARIOS.flatMap((name) => (all[name].peakRssMB === null ? [] : [all[name].peakRssMB ?? 0])));
    const targets = targetsOf(ratios, raceFailures, peakRssMB);
    const results = {
      generatedAt: new Date().toISOString(),
      command: `npm run bench${quick ? ' -- --quick' : ''}${metrics ? ' -- --metrics' : ''}`,
      quick,
      metrics,
      machine: { ...machine(), loadAverage1mAtStart: loadAtStart[0], loadAverage1mAtEnd: loadavg()[0] },
      setup: {
        store: ready.store,
        algorithm: ready.algorithm,
        bcryptCost: ready.bcryptCost,
        hasher: ready.hasher,
        hasherThreads: ready.hasherThreads,
        warmupS,
        durationS,
        verifyConnections: VERIFY_CONNECTIONS,
        refreshClients: REFRESH_CLIENTS,
        loginConnections: loginLoad.connections,
        mixedVerifyRate: rate,
        mixedHalvesStartFromCollectedHeap: true,
        seededTokens: ready.seededTokens,
        baselineRssMB: ready.baselineRssBytes / MB,
      },
      scenarios: all,
      race: raceDetail,
      loginFlood: flood ?? null,
      ratios,
      peakRssMB,
      targets,
    };
    writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    const m = results.machine;
    process.stdout.write(
      `\n${results.command}: ${ready.store} store, bcrypt cost ${ready.bcryptCost}, ${ready.hasher} x${ready.hasherThreads}, ` +
        `${warmupS} s warm-up + ${durationS} s per scenario\n` +
        `machine: ${m.nproc} x ${m.cpuModel}, ${m.memoryMB} MB, Node ${m.node}, load average ${loadAtStart[0]?.toFixed(2)} -> ${m.loadAverage1mAtEnd?.toFixed(2)}\n\n` +
        `${renderTable(all, targets)}\n\nwritten to ${outFile}\n`,
    );
  } finally {
    await api.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
