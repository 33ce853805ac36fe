/**
 * `npm run bench:rotation-loop [-- SECONDS]`: one user rotates its own refresh token in a loop
 * for SECONDS (default 30) against the service started on 127.0.0.1 (embedded store), then the
 * token listing is measured: its size and time, ten listings in parallel, /health meanwhile, and
 * the server's RSS before and after. Bounded in time; it stops the server it started.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../tests/support/free-port';

const seconds = Number(process.argv[2] ?? 30);
const ROOT = join(__dirname, '..');

const cookieOf = (response: Response): string => /refreshToken=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';

const main = async (): Promise<void> => {
  const port = await freePort();
  const server = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'development', MONGODB_URI: '' },
    stdio: 'ignore',
  });
  const rssMb = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024;
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let attempt = 0; ; attempt += 1) {
      if ((await fetch(`${base}/health`).catch(() => null))?.ok === true) break;
      if (attempt > 300) throw new Error('the server did not start');
      await sleep(100); // waiting for the process to listen
    }
    const login = await fetch(`${base}/users/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'test', password: 'test' }),
    });
    const me = (await login.json()) as { id: string; jwtToken: string };
    let cookie = cookieOf(login);
    let jwt = me.jwtToken;
    const rssBefore = rssMb();
    let rotations = 0;
    for (const until = Date.now() + seconds * 1000; Date.now() < until; rotations += 1) {
      const refreshed = await fetch(`${base}/users/refresh-token`, { method: 'POST', headers: { cookie: `refreshToken=${cookie}` } });
      if (refreshed.status !== 200) throw new Error(`refresh answered ${refreshed.status}`);
      cookie = cookieOf(refreshed);
      jwt = ((await refreshed.json()) as { jwtToken: string }).jwtToken;
    }
    const list = async () => {
      const started = performance.now();
      const body = await (await fetch(`${base}/users/${me.id}/refresh-tokens`, { headers: { authorization: `Bearer ${jwt}` } })).text();
      return { ms: performance.now() - started, bytes: body.length, items: (JSON.parse(body) as unknown[]).length };
    };
    const sequential = [];
    for (let i = 0; i < 5; i += 1) sequential.push(await list());
    const started = performance.now();
    const parallel = Promise.all(Array.from({ length: 10 }, list));
    const healthStarted = performance.now();
    await fetch(`${base}/health`);
    const healthMs = performance.now() - healthStarted;
    await parallel;
    const median = sequential.map((run) => run.ms).sort((a, b) => a - b)[2] ?? 0;
    process.stdout.write(`${JSON.stringify({
      seconds,
      rotations,
      listedTokens: sequential[0]?.items,
      listingBytes: sequential[0]?.bytes,
      listingMedianMs: Math.round(median * 10) / 10,
      tenParallelListingsMs: Math.round(performance.now() - started),
      healthDuringThemMs: Math.round(healthMs * 10) / 10,
      rssBeforeMb: Math.round(rssBefore),
      rssAfterMb: Math.round(rssMb()),
    })}\n`);
  } finally {
    server.kill('SIGTERM');
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
