import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { expect } from 'chai';
import { freePort } from '../support/free-port';

const ROOT = join(__dirname, '..', '..');

/** Resolves once the child has written `text` to stdout. */
const printed = (child: ChildProcess, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing '${text}': ${seen}`)));
  });

describe('the server process', function () {
  this.timeout(60_000);

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'info', MONGODB_URI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await printed(child, 'listening on port');
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const body = JSON.stringify({ username: 'test', password: 'test' });
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/users/authenticate',
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      });
      const response = once(request, 'response') as Promise<[IncomingMessage]>;
      request.end(body);
      await once(request, 'finish');
      // A login spends bcrypt time on a worker thread (started on first use): the signal comes
      // while it runs. The order of the log lines below proves it did.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const exited = once(child, 'exit');
      child.kill('SIGTERM');

      const [answer] = await response;
      expect(answer.statusCode).to.equal(200);
      const [code] = await exited;
      expect(code).to.equal(0);
      const shutdownAt = stdout.indexOf('shutting down');
      const loginLoggedAt = stdout.indexOf('"path":"/users/authenticate"');
      expect(shutdownAt, 'the shutdown was logged').to.be.at.least(0);
      expect(loginLoggedAt, 'the login finished after the signal').to.be.greaterThan(shutdownAt);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits non-zero with every bad variable named when the configuration is wrong', async () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', BCRYPT_COST: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = await once(child, 'exit');
    expect(code).to.equal(1);
    expect(stderr).to.include('PORT').and.include('BCRYPT_COST');
  });
});
