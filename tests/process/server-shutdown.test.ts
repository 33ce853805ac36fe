import { once } from 'node:events';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { freePort } from '../support/free-port';
import { printed, spawnServer } from '../support/server-process';

describe('the server process', function () {
  this.timeout(60_000);

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const port = await freePort();
    const child = spawnServer({ PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'info', MONGODB_URI: '' });
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
    const child = spawnServer({ PORT: 'eighty', BCRYPT_COST: '3' });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = await once(child, 'exit');
    expect(code).to.equal(1);
    expect(stderr).to.include('PORT').and.include('BCRYPT_COST');
  });
});
