'use strict';
/**
 * One thread of WorkerPasswordHasher: bcryptjs, synchronously, one task at a time (the pool
 * never sends a second task before the first is answered). Plain CommonJS so that it starts
 * without a TypeScript hook: the pool starts it with no execArgv, so a parent run through
 * `node -r @swc-node/register` does not load the compiler into every thread.
 */
const { parentPort, workerData } = require('node:worker_threads');
const { setPriority } = require('node:os');
const bcrypt = require('bcryptjs');

if (workerData && workerData.niceness > 0) {
  try {
    // The pool asks for this on Linux only, where a nice value is per thread: it lowers this thread alone.
    setPriority(0, workerData.niceness);
  } catch {
    // Not permitted or not supported: hashing simply competes at normal priority.
  }
}

parentPort.on('message', (task) => {
  try {
    const value =
      task.op === 'hash' ? bcrypt.hashSync(task.password, task.cost) : bcrypt.compareSync(task.password, task.hash);
    parentPort.postMessage({ id: task.id, value });
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
  }
});
