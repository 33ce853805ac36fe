/**
 * `npm run bench [-- --quick] [-- --pairs N] [-- --out FILE]`: the API against its own ceilings (issues 5 and 12).
 *
 * Starts the API as a child process on ephemeral 127.0.0.1 ports (embedded store, or MongoDB
 * when MONGODB_URI is set), prints a table and writes bench/results.json. Every ratio comes from
 * interleaved pairs: the ceiling (or the quiet half) and the subject run one after the other,
 * pair after pair, and the ratio of each pair is taken; the target is judged on the median of
 * those ratios and the spread (min–max) is reported beside it, so a slow minute on a shared
 * machine moves one pair, not the verdict.
 *
 * Load generators: autocannon for the fixed-duration scenarios (verify, its ceiling, login, the
 * login flood); undici loops where a request needs the previous answer (refresh chains, race)
 * and for the steady-rate verify of the mixed pair (see paced.ts). Latencies are kept as
 * sub-millisecond floats. The bench process is itself a client on the same cores: on a small
 * machine it takes CPU from the API, as the ceilings' clients do from theirs.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ApiProcess, type ApiPeaks } from './api-client';
import { bcryptCeiling } from './bcrypt-ceiling';
import { login, race, type RaceResult, refreshChains } from './chains';
import { type LoadResult, startLoad, warmThenRun } from './load';
import { pacedLoad } from './paced';
import { renderTable, SCENARIOS, type ScenarioFigures, type ScenarioName, spreadText, targetsOf } from './report';
import { lateness, type Measured, medianOf, spreadOf } from './stats';

const MB = 1024 * 1024;
const VERIFY_CONNECTIONS = 10;
const REFRESH_CLIENTS = 10;
const RACE_CONCURRENCY = 50;
/** Tokens minted for the fresh-token runs: more than they can use at this machine's rate, so none repeats. */
const FRESH_TOKENS = { quick: 20_000, full: 100_000 };
/** Mixed runs verify at a steady rate, this share of the verify scenario's median throughput, alone and under the flood. */
const MIXED_RATE_SHARE = 0.2;

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, pairs: { type: 'string' } },
  strict: true,
});
const quick = args.quick === true;
const onDatabase = (process.env.MONGODB_URI ?? '').trim() !== '';
/**
 * Each pair's runs are short so that several pairs fit: about 5 minutes in all on the embedded
 * store. On a database a request costs round trips, not CPU, so fewer seconds still give
 * thousands of samples; the race gets fewer rounds (each is 50 refreshes of one token).
 */
const timing = quick
  ? { warmupS: 0.3, durationS: 1, pairs: 3, refreshS: 1.5, raceRounds: 100, raceMaxS: 60 }
  : onDatabase
    ? { warmupS: 1, durationS: 4, pairs: 5, refreshS: 8, raceRounds: 40, raceMaxS: 60 }
    : { warmupS: 1, durationS: 5, pairs: 5, refreshS: 10, raceRounds: 100, raceMaxS: 120 };
const pairs = args.pairs === undefined ? timing.pairs : Math.max(1, Number.parseInt(args.pairs, 10));
// npm runs scripts from the package root, whether this file runs compiled (dist/bench) or not.
const outFile = resolve(args.out ?? join('bench', 'results.json'));

const GENERATOR_LOOP_RESOLUTION_MS = 10;

const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

/** One run of a scenario: what the load generator measured and what the API saw meanwhile. */
type RunFigures = Measured &
  Readonly<{
    api: ApiPeaks | null;
    loadAverage1m: number;
    /** How late the bench's own event loop was (the load generator's): its lateness shows as latency. */
    generatorLoopP99Ms: number;
    generatorLoopMaxMs: number;
  }>;

const machine = () => ({
  nproc: cpus().length,
  availableParallelism: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryMB: Math.round(totalmem() / MB),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
});

/** The `alg` in a JWT's header: the bench reports what the service signs with, whatever configured it. */
const algorithmOf = (jwt: string): string => {
  try {
    return (JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: string }).alg ?? 'unknown';
  } catch {
    return 'unknown';
  }
};

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

const main = async (): Promise<void> => {
  const loadAtStart = loadavg();
  const { warmupS, durationS } = timing;
  log(`${quick ? 'quick' : 'full'} run: ${pairs} interleaved pairs of ${warmupS} s warm-up + ${durationS} s per run; starting the API`);
  const api = await ApiProcess.start();
  const { ready } = api;
  const generatorLoop = monitorEventLoopDelay({ resolution: GENERATOR_LOOP_RESOLUTION_MS });
  generatorLoop.enable();
  const runs = Object.fromEntries(SCENARIOS.map((name) => [name, [] as RunFigures[]])) as Record<ScenarioName, RunFigures[]>;

  /** Runs one scenario once and records its figures with what the API saw over it. */
  const measure = async (
    name: ScenarioName,
    run: () => Promise<Measured>,
    options: Readonly<{ apiUnderLoad?: boolean; collectGarbageFirst?: boolean }> = {},
  ): Promise<Measured> => {
    log(`${name} (${runs[name].length + 1}) ...`);
    await api.drain(options.collectGarbageFirst ?? false);
    await api.takePeaks();
    generatorLoop.reset();
    const result = await run();
    await api.drain();
    const peaks = await api.takePeaks();
    runs[name].push({
      ...result,
      api: (options.apiUnderLoad ?? true) ? peaks : null,
      loadAverage1m: loadavg()[0] ?? 0,
      generatorLoopP99Ms: lateness(generatorLoop, GENERATOR_LOOP_RESOLUTION_MS).p99Ms,
      generatorLoopMaxMs: lateness(generatorLoop, GENERATOR_LOOP_RESOLUTION_MS).maxMs,
    });
    return result;
  };

  try {
    const verifyUrl = (id: string) => `${ready.apiUrl}/users/${encodeURIComponent(id)}`;
    const primarySession = await login(ready.apiUrl, ready.user);
    // Signed in before its tokens are stored: a login beyond the session limit ends the oldest sessions.
    const manySession = await login(ready.apiUrl, ready.manyTokensUser);
    const seeded = await api.seed();
    log(
      `API on ${ready.apiUrl} (${ready.store} store, ${ready.hasher} x${ready.hasherThreads} at nice ${ready.hasherNiceness}, ` +
        `bcrypt cost ${ready.bcryptCost}, ${algorithmOf(primarySession.accessToken)}), ceiling on ${ready.ceilingUrl}, ` +
        `${seeded.tokens} tokens seeded in ${seeded.seconds.toFixed(1)} s` +
        (seeded.bytesPerStoredToken === null ? '' : ` (${Math.round(seeded.bytesPerStoredToken)} heap bytes each)`),
    );
    const bearer = (session: { accessToken: string }) => ({ authorization: `Bearer ${session.accessToken}` });

    // Verify against its ceiling, and with many stored tokens against verify: interleaved.
    for (let pair = 0; pair < pairs; pair += 1) {
      await measure('verify-ceiling', () =>
        warmThenRun({ url: `${ready.ceilingUrl}/users/${ready.user.id}`, connections: VERIFY_CONNECTIONS, durationS }, warmupS),
      );
      await measure('verify', () =>
        warmThenRun({ url: verifyUrl(ready.user.id), headers: bearer(primarySession), connections: VERIFY_CONNECTIONS, durationS }, warmupS),
      );
      await measure('verify-many-tokens', () =>
        warmThenRun(
          { url: verifyUrl(ready.manyTokensUser.id), headers: bearer(manySession), connections: VERIFY_CONNECTIONS, durationS },
          warmupS,
        ),
      );
    }
    await measure('refresh', () => refreshChains(ready.apiUrl, ready.user, REFRESH_CLIENTS, warmupS, timing.refreshS));

    const loginLoad = {
      url: `${ready.apiUrl}/users/authenticate`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: ready.floodUser.username, password: ready.floodUser.password }),
      connections: ready.hasherThreads * 4,
    };
    for (let pair = 0; pair < pairs; pair += 1) {
      await measure('bcrypt-ceiling', () => bcryptCeiling(ready.bcryptCost, ready.hasherThreads, warmupS, durationS), { apiUnderLoad: false });
      // The warm-up's last logins are still being checked when it stops: drained first, or they and
      // the measured run's together overflow the hasher's bounded queue and get 503.
      await measure('login', () => warmThenRun({ ...loginLoad, durationS }, warmupS, () => api.drain()));
    }

    let raceDetail: RaceResult | undefined;
    await measure('race', async () => {
      raceDetail = await race(ready.apiUrl, ready.user, timing.raceRounds, RACE_CONCURRENCY, timing.raceMaxS);
      return { ...raceDetail, errors: raceDetail.failedRequests };
    });

    // Mixed: verify at a steady rate (paced, open loop), alone and then under a flood of logins, pair after pair.
    const rate = Math.max(20, Math.round(medianOf(runs.verify.map((r) => r.rps)) * MIXED_RATE_SHARE));
    const mixedSession = await login(ready.apiUrl, ready.user);
    const pacedVerify = (seconds: number) => pacedLoad({ url: verifyUrl(ready.user.id), headers: bearer(mixedSession), rate, durationS: seconds });
    const floods: LoadResult[] = [];
    for (let pair = 0; pair < pairs; pair += 1) {
      const quiet = async () => {
        await pacedVerify(warmupS);
        return pacedVerify(durationS);
      };
      await measure('mixed-alone', quiet, { collectGarbageFirst: true });
      await measure(
        'mixed',
        async () => {
          const floodLoad = startLoad({ ...loginLoad, durationS: warmupS + durationS + 60 });
          try {
            await pacedVerify(warmupS); // warm-up, with the flood building up
            return await pacedVerify(durationS);
          } finally {
            floodLoad.stop();
            floods.push(await floodLoad.done);
          }
        },
        { collectGarbageFirst: true },
      );
    }

    // Last, since minting tokens grows the API's heap (the harness's doing, not the service's): every
    // request with a token the API has never seen, the worst case for its verified-token cache,
    // against the ceiling in pairs of their own. Left out of the RSS target.
    const freshTokens = await api.mint(quick ? FRESH_TOKENS.quick : FRESH_TOKENS.full);
    let nextFresh = 0;
    let freshReused = false;
    const nextFreshHeaders = () => {
      if (nextFresh >= freshTokens.length) [nextFresh, freshReused] = [0, true];
      return { authorization: `Bearer ${freshTokens[nextFresh++]}` };
    };
    for (let pair = 0; pair < pairs; pair += 1) {
      await measure('verify-fresh-ceiling', () =>
        warmThenRun({ url: `${ready.ceilingUrl}/users/${ready.user.id}`, connections: VERIFY_CONNECTIONS, durationS }, warmupS),
      );
      await measure('verify-fresh-tokens', () =>
        warmThenRun({ url: verifyUrl(ready.user.id), nextHeaders: nextFreshHeaders, connections: VERIFY_CONNECTIONS, durationS }, warmupS),
      );
    }

    const race1 = raceDetail ?? { rounds: 0, roundsRequested: timing.raceRounds, splitRounds: 0, failedRounds: 0 };
    const capped = race1.rounds < race1.roundsRequested ? ` (of ${race1.roundsRequested}: time cap)` : '';
    const floodRps = medianOf(floods.map((f) => f.rps));
    const floodBusy = sum(floods.map((f) => f.busy ?? 0));
    const notes: Record<ScenarioName, string> = {
      'verify-ceiling': 'bare Koa route, same JSON, no auth',
      verify: 'GET /users/{id}, Bearer token',
      'verify-many-tokens': `user with ${seeded.tokens} stored refresh tokens`,
      'verify-fresh-ceiling': 'the ceiling again, paired with the next row',
      'verify-fresh-tokens': `every request a token never seen (${freshTokens.length} minted${freshReused ? ', REUSED: too few' : ''})`,
      refresh: `${REFRESH_CLIENTS} chained clients, cookie from previous answer`,
      'bcrypt-ceiling': `bcrypt.compare cost ${ready.bcryptCost} on ${ready.hasherThreads} threads (compares/s)`,
      login: `POST /users/authenticate, ${loginLoad.connections} connections`,
      race: `${RACE_CONCURRENCY} x ${race1.rounds} rounds${capped}: ${race1.splitRounds} split, ${race1.failedRounds} with failures`,
      'mixed-alone': `verify paced at ${rate} req/s, nothing else`,
      mixed: `verify paced at ${rate} req/s + login flood (${floodRps.toFixed(1)} logins/s, ${floodBusy} answered 503)`,
    };
    /** The request each scenario measures, as the API process keys its own timings. */
    const path = (url: string) => url.slice(ready.apiUrl.length);
    const verifyPath = `GET ${path(verifyUrl(ready.user.id))}`;
    const refreshPath = 'POST /users/refresh-token';
    const apiRequestOf: Record<ScenarioName, string> = {
      'verify-ceiling': '-',
      verify: verifyPath,
      'verify-many-tokens': `GET ${path(verifyUrl(ready.manyTokensUser.id))}`,
      'verify-fresh-ceiling': '-',
      'verify-fresh-tokens': verifyPath,
      refresh: refreshPath,
      'bcrypt-ceiling': '-',
      login: `POST ${path(loginLoad.url)}`,
      race: refreshPath,
      'mixed-alone': verifyPath,
      mixed: verifyPath,
    };
    const figuresOf = (name: ScenarioName): ScenarioFigures => {
      const all = runs[name];
      const med = (pick: (r: RunFigures) => number) => medianOf(all.map(pick));
      const apis = all.flatMap((r) => (r.api === null ? [] : [r.api]));
      const commands: Record<string, number> = {};
      for (const peaks of apis) for (const [command, count] of Object.entries(peaks.commands)) commands[command] = (commands[command] ?? 0) + count;
      const served = sum(apis.map((peaks) => peaks.requests));
      return {
        runs: all.length,
        rps: med((r) => r.rps),
        p50Ms: med((r) => r.p50Ms),
        p99Ms: med((r) => r.p99Ms),
        serverP99Ms: apis.length === 0 ? null : medianOf(apis.map((peaks) => peaks.served[apiRequestOf[name]]?.p99Ms ?? Number.NaN)),
        peakRssMB: apis.length === 0 ? null : Math.max(...apis.map((peaks) => peaks.rssMB)),
        loopDelayMaxMs: apis.length === 0 ? null : Math.max(...apis.map((peaks) => peaks.loopDelayMaxMs)),
        loadAverage1m: all[all.length - 1]?.loadAverage1m ?? 0,
        requests: sum(all.map((r) => r.requests)),
        errors: sum(all.map((r) => r.errors)),
        busy: sum(all.map((r) => r.busy ?? 0)),
        roundTrips:
          ready.store === 'memory' || served === 0
            ? null
            : {
                perRequest: sum(Object.values(commands)) / served,
                byCommand: Object.fromEntries(Object.entries(commands).map(([command, count]) => [command, count / served])),
              },
        durationS: all[0]?.durationS ?? 0,
        note: notes[name],
      };
    };
    const scenarios = Object.fromEntries(SCENARIOS.map((name) => [name, figuresOf(name)])) as Record<ScenarioName, ScenarioFigures>;
    /** subject / ceiling for each pair: the runs made one after the other. */
    const pairwise = (subject: ScenarioName, ceiling: ScenarioName, pick: (r: RunFigures) => number) =>
      spreadOf(runs[subject].map((run, i) => pick(run) / pick(runs[ceiling][i] ?? run)));
    const ratios = {
      verifyToCeiling: pairwise('verify', 'verify-ceiling', (r) => r.rps),
      freshTokensToCeiling: pairwise('verify-fresh-tokens', 'verify-fresh-ceiling', (r) => r.rps),
      manyTokensP50ToVerifyP50: pairwise('verify-many-tokens', 'verify', (r) => r.p50Ms),
      loginToBcryptCeiling: pairwise('login', 'bcrypt-ceiling', (r) => r.rps),
      mixedP99ToAloneP99: pairwise('mixed', 'mixed-alone', (r) => r.p99Ms),
    };
    /** Not a target: the same ratio by the API's own clock (arrival to answer), i.e. without the time spent outside the process. */
    const mixedApiP99ToAloneApiP99 = pairwise('mixed', 'mixed-alone', (r) => r.api?.served[verifyPath]?.p99Ms ?? Number.NaN);
    // The fresh-token pairs come after the API's heap held the minted tokens: not the service's own load.
    const underServiceLoad = SCENARIOS.filter((name) => !name.startsWith('verify-fresh'));
    const peakRssMB = Math.max(...underServiceLoad.flatMap((name) => (scenarios[name].peakRssMB === null ? [] : [scenarios[name].peakRssMB ?? 0])));
    const raceFailures = race1.splitRounds + race1.failedRounds;
    const targets = targetsOf(ratios, raceFailures, peakRssMB);
    const results = {
      generatedAt: new Date().toISOString(),
      command: `${onDatabase ? 'MONGODB_URI=… ' : ''}npm run bench${quick ? ' -- --quick' : ''}${args.pairs === undefined ? '' : ` -- --pairs ${pairs}`}`,
      quick,
      machine: { ...machine(), loadAverage1mAtStart: loadAtStart[0], loadAverage1mAtEnd: loadavg()[0] },
      setup: {
        store: ready.store,
        jwtAlgorithm: algorithmOf(primarySession.accessToken),
        bcryptCost: ready.bcryptCost,
        hasher: ready.hasher,
        hasherThreads: ready.hasherThreads,
        hasherNiceness: ready.hasherNiceness,
        pairs,
        warmupS,
        durationS,
        refreshS: timing.refreshS,
        verifyConnections: VERIFY_CONNECTIONS,
        refreshClients: REFRESH_CLIENTS,
        loginConnections: loginLoad.connections,
        mixedVerifyRate: rate,
        mixedHalvesStartFromCollectedHeap: true,
        seededTokens: seeded.tokens,
        seedingSeconds: seeded.seconds,
        bytesPerStoredToken: seeded.bytesPerStoredToken,
        baselineRssMB: ready.baselineRssBytes / MB,
      },
      scenarios,
      runs,
      race: raceDetail ?? null,
      loginFloods: floods,
      ratios: { ...ratios, mixedApiP99ToAloneApiP99 },
      peakRssMB,
      targets,
    };
    writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    const m = results.machine;
    const perToken = seeded.bytesPerStoredToken === null ? '' : `, ${Math.round(seeded.bytesPerStoredToken)} heap bytes per stored token`;
    process.stdout.write(
      `\n${results.command}: ${ready.store} store, ${results.setup.jwtAlgorithm}, bcrypt cost ${ready.bcryptCost}, ` +
        `${ready.hasher} x${ready.hasherThreads} at nice ${ready.hasherNiceness}, ` +
        `${pairs} interleaved pairs of ${warmupS} s warm-up + ${durationS} s${perToken}\n` +
        `machine: ${m.nproc} x ${m.cpuModel}, ${m.memoryMB} MB, Node ${m.node}, load average ${loadAtStart[0]?.toFixed(2)} -> ${m.loadAverage1mAtEnd?.toFixed(2)}\n\n` +
        `${renderTable(scenarios, targets)}\n` +
        `mixed p99 / verify-alone p99 by the API's own clock (arrival to answer; informative): ${spreadText(mixedApiP99ToAloneApiP99, 2)}\n` +
        `\nwritten to ${outFile}\n`,
    );
  } finally {
    await api.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
