'use strict';
/**
 * One core of the login ceiling: bcrypt.compare (bcryptjs, the service's library) in a tight
 * loop. Plain CommonJS so it starts without the TypeScript hook.
 */
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const bcrypt = require('bcryptjs');

const { password, hash, warmupMs, durationMs } = workerData;
const warmUntil = performance.now() + warmupMs;
while (performance.now() < warmUntil) bcrypt.compareSync(password, hash);

const started = performance.now();
const until = started + durationMs;
const latencies = [];
while (performance.now() < until) {
  const t0 = performance.now();
  if (!bcrypt.compareSync(password, hash)) throw new Error('the ceiling hash does not match its password');
  latencies.push(performance.now() - t0);
}
parentPort.postMessage({ compares: latencies.length, elapsedMs: performance.now() - started, latencies });
