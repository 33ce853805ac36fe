/**
 * The API under load, in its own process (started by bench/run.ts through `fork`): the
 * service exactly as `npm start` builds it (same config, the default worker-thread hasher,
 * the store its config selects), plus the bare Koa ceiling route, both on ephemeral 127.0.0.1 ports.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isLeft } from 'fp-ts/Either';
import type Koa from 'koa';
import type { AccessTokens } from '../src/application/ports/access-tokens';
import type { IdGenerator } from '../src/application/ports/id-generator';
import type { PasswordHasher } from '../src/application/ports/password-hasher';
import type { RefreshTokenRepository } from '../src/application/ports/refresh-token-repository';
import type { TokenGenerator } from '../src/application/ports/token-generator';
import type { UserRepository } from '../src/application/ports/user-repository';
import { RefreshToken } from '../src/domain/refresh-token';
import { Role } from '../src/domain/role';
import { User } from '../src/domain/user';
import { userView } from '../src/adapters/http/presenters';
import { WorkerPasswordHasher } from '../src/adapters/security/worker-password-hasher';
import { loadConfig } from '../src/main/config';
import { Tokens } from '../src/main/injection-tokens';
import { createLogger } from '../src/main/logger';
import { createService } from '../src/main/service';
import { ceilingApp } from './ceiling-app';
import { countDriverCommands } from './command-count';
import type { ChildMessage, Credentials, ParentMessage, Seeded } from './protocol';
import { latencyOf } from './stats';

const SEEDED_TOKENS = 10_000;
/**
 * Fewer on a database: FerretDB cannot use an index for our token queries (its explain shows a
 * full scan), so every token command there costs in proportion to the collection. With 10,000
 * seeded, a login (6 commands) took 4 s at p99 on FerretDB/PostgreSQL and none finished inside a
 * 4 s run; with 1,000 the run measures our round trips rather than the scan.
 */
const SEEDED_TOKENS_ON_DATABASE = 1_000;
const SEED_CONCURRENCY = 64;
const RSS_SAMPLE_MS = 20;
const LOOP_RESOLUTION_MS = 10;

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

/**
 * A full collection on request, before each half of the mixed pair (as JMH collects between
 * iterations): a p99 ratio compares two 10 s windows, and without it V8's memory reducer,
 * due some seconds after the heavy scenarios, compacted the ~70 MB heap (a 50-70 ms stall)
 * in whichever half ran then, making the ratio say "when", not "how much". Collections a
 * scenario causes itself still count. Enabled from here: the API process gets no extra flags.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const driverCommands = countDriverCommands();

/** Requests whose handler has not finished yet, on every server of this process. */
let inFlight = 0;
/** How long the API took over each request it finished since the last `peak` (ms, by its own clock), by "METHOD /url". */
let served = new Map<string, number[]>();
const onIdle: (() => void)[] = [];
const settled = (): void => {
  inFlight -= 1;
  if (inFlight === 0) for (const notify of onIdle.splice(0)) notify();
};
const idle = (): Promise<void> =>
  inFlight === 0 ? Promise.resolve() : new Promise((resolve) => onIdle.push(resolve));

/**
 * Like `app.listen`, counting requests until Koa's handler settles (a dropped client does not
 * end the work); `timed`: also records how long each took, from its arrival to its answer.
 */
const listen = (app: Koa, timed = false): Promise<Server> =>
  new Promise((resolve, reject) => {
    const handle = app.callback();
    const server = createServer((req, res) => {
      inFlight += 1;
      if (timed) {
        const arrived = performance.now();
        const key = `${req.method} ${req.url}`;
        res.once('close', () => {
          const times = served.get(key) ?? [];
          if (times.length === 0) served.set(key, times);
          times.push(performance.now() - arrived);
        });
      }
      void Promise.resolve(handle(req, res)).finally(settled);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });

const urlOf = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Peak RSS (sampled) and event-loop delay: the parent reads and restarts both around each scenario. */
const peakSampler = () => {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  timer.unref();
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  return {
    take: () => {
      const byUrl = [...served].map(([key, times]) => [key, { count: times.length, ...latencyOf(times) }] as const);
      const value = {
        peakRssBytes: Math.max(peak, process.memoryUsage.rss()),
        loopDelayMaxMs: Math.max(0, loop.max / 1e6 - LOOP_RESOLUTION_MS), // its samples include the sampling period
        requests: byUrl.reduce((total, [, figures]) => total + figures.count, 0),
        served: Object.fromEntries(byUrl),
        commands: driverCommands.take(),
      };
      served = new Map();
      peak = process.memoryUsage.rss();
      loop.reset();
      return value;
    },
  };
};

/**
 * The service's own hasher unless the bench asks for another pool, to find where a login
 * flood's tail comes from (bench/flood-tail.ts): BENCH_HASHER_THREADS, BENCH_HASHER_NICENESS.
 */
const benchHasher = (cost: number, queueCapacity: number | undefined): WorkerPasswordHasher | undefined => {
  const threads = process.env.BENCH_HASHER_THREADS;
  const niceness = process.env.BENCH_HASHER_NICENESS;
  if (threads === undefined && niceness === undefined) return undefined;
  return new WorkerPasswordHasher(cost, {
    ...(threads === undefined ? {} : { threads: Number(threads) }),
    ...(niceness === undefined ? {} : { niceness: Number(niceness) }),
    ...(queueCapacity === undefined ? {} : { queueCapacity }),
  });
};

/** Heap in use after a full collection (bytes). */
const collectedHeap = (): number => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const main = async (): Promise<void> => {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const ownHasher = benchHasher(config.bcryptCost, config.bcryptQueueCapacity);
  const service = await createService(config, { logger, ...(ownHasher === undefined ? {} : { passwordHasher: ownHasher }) });
  const { graph } = service;
  const hasher = graph.resolve<PasswordHasher>(Tokens.PasswordHasher);
  const ids = graph.resolve<IdGenerator>(Tokens.IdGenerator);
  const secrets = graph.resolve<TokenGenerator>(Tokens.TokenGenerator);
  const stores = {
    users: graph.resolve<UserRepository>(Tokens.UserRepository),
    tokens: graph.resolve<RefreshTokenRepository>(Tokens.RefreshTokenRepository),
  };

  // Users of our own, through the port: the bench works on any store, empty or not.
  const suffix = randomBytes(4).toString('hex');
  const addUser = async (username: string): Promise<{ user: User; credentials: Credentials }> => {
    const password = `bench-password-${randomBytes(8).toString('hex')}`;
    const created = User.create({
      id: ids.nextId(),
      firstName: 'Bench',
      lastName: 'User',
      username,
      role: Role.Admin,
      passwordHash: await hasher.hash(password),
    });
    if (isLeft(created)) throw new Error(`bench user rejected: ${JSON.stringify(created.left)}`);
    if ((await stores.users.add(created.right)) !== 'added') throw new Error(`bench user ${username} exists`);
    return { user: created.right, credentials: { id: created.right.id, username, password } };
  };
  const primary = await addUser(`bench-${suffix}`);
  const many = await addUser(`bench-many-${suffix}`);
  const flood = await addUser(`bench-flood-${suffix}`);

  /** `seeded` stored refresh tokens for the many-tokens user, straight through the repository port. */
  const embedded = config.mongodbUri === undefined;
  const seeded = embedded ? SEEDED_TOKENS : SEEDED_TOKENS_ON_DATABASE;
  const seed = async (): Promise<Seeded> => {
    const started = performance.now();
    const heapBefore = embedded ? collectedHeap() : 0;
    const startedAt = Date.now();
    let next = 0;
    const seedWorker = async (): Promise<void> => {
      while (next < seeded) {
        next += 1;
        // As a login stores them: its own dates, the client's address and user agent as strings of their own.
        const id = ids.nextId();
        await stores.tokens.add(
          RefreshToken.startSession({
            id,
            userId: many.user.id,
            tokenHash: secrets.startOf(id).hash,
            now: new Date(startedAt + next),
            ip: `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next & 255}`,
            userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.${next} Safari/537.36`,
            policy: config.session,
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: SEED_CONCURRENCY }, seedWorker));
    const bytesPerStoredToken = embedded ? (collectedHeap() - heapBefore) / seeded : null;
    return { type: 'seeded', tokens: seeded, seconds: (performance.now() - started) / 1000, bytesPerStoredToken };
  };

  const api = await listen(service.app, true);
  const ceiling = await listen(ceilingApp(userView(primary.user)));
  const peaks = peakSampler();
  const accessTokens = graph.resolve<AccessTokens>(Tokens.AccessTokens);
  /** Tokens no request has carried yet: the worst case for the verified-token cache. Distinct `sid`s keep HS256 ones distinct too. */
  const mint = async (count: number): Promise<string[]> => {
    const tokens: string[] = [];
    for (let i = 0; i < count; i += 1) tokens.push((await accessTokens.issue({ userId: primary.user.id, sessionId: `bench-${suffix}-${i}` })).token);
    return tokens;
  };

  /** As server.ts shuts down: in-flight requests finish (a few seconds at most), then the hasher, the service's own connections and the stores close. */
  const stop = async (): Promise<void> => {
    const closed = (server: Server) => new Promise((resolve) => server.close(resolve));
    const force = setTimeout(() => [api, ceiling].forEach((server) => server.closeAllConnections()), 5_000);
    await Promise.all([closed(api), closed(ceiling), idle()]);
    clearTimeout(force);
    await service.close();
    await ownHasher?.close();
    process.exit(0);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'peak') send({ type: 'peak', ...peaks.take() });
    if (message.type === 'drain') {
      void idle().then(() => {
        if (message.collectGarbage) collectGarbage();
        send({ type: 'drained' });
      });
    }
    if (message.type === 'seed') void seed().then(send, (error: unknown) => send({ type: 'failed', message: String(error) }));
    if (message.type === 'stop') void stop();
    if (message.type === 'mint') void mint(message.count).then((tokens) => send({ type: 'minted', tokens }));
  });
  process.on('disconnect', () => void stop());

  send({
    type: 'ready',
    apiUrl: urlOf(api),
    ceilingUrl: urlOf(ceiling),
    store: embedded ? 'memory' : 'mongodb',
    algorithm: config.accessTokenSigning.algorithm,
    bcryptCost: config.bcryptCost,
    hasher: hasher.constructor.name,
    hasherThreads: hasher instanceof WorkerPasswordHasher ? hasher.threads : 1,
    user: primary.credentials,
    manyTokensUser: many.credentials,
    floodUser: flood.credentials,
    seededTokens: seeded,
    baselineRssBytes: process.memoryUsage.rss(),
    hasherNiceness: hasher instanceof WorkerPasswordHasher ? hasher.niceness : 0,
  });
};

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
