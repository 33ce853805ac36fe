import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { tracingWanted } from '../../src/main/tracing';

const ROOT = join(__dirname, '..', '..');

/** Starts the service as server.ts does, then counts the OpenTelemetry modules the process loaded. */
const SCRIPT = `
const { startTracing } = require('./src/main/tracing');
const { createService } = require('./src/main/service');
const { loadConfig } = require('./src/main/config');
const { createLogger } = require('./src/main/logger');
(async () => {
  const tracing = startTracing(process.env);
  const service = await createService(loadConfig(process.env), { logger: createLogger('silent'), ...(tracing && { tracing }) });
  const loaded = Object.keys(require.cache).filter((path) => path.includes('@opentelemetry') && !path.includes('@opentelemetry/api/')).length;
  await service.close();
  await tracing?.shutdown();
  process.stdout.write(JSON.stringify({ tracing: tracing !== undefined, loaded }));
})();
`;

const run = async (env: Record<string, string>): Promise<{ tracing: boolean; loaded: number }> => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_') && name !== 'MONGODB_URI'));
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-e', SCRIPT], {
    cwd: ROOT,
    env: { ...clean, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { tracing: boolean; loaded: number };
};

describe('tracing is switched on by the OTEL_* variables only', function () {
  this.timeout(60_000);

  it('unset: not one OpenTelemetry module is loaded', async () => {
    expect(await run({ OTEL_SERVICE_NAME: 'named-but-not-exported' })).to.deep.equal({ tracing: false, loaded: 0 });
  });

  it('an OTLP endpoint set: the SDK is loaded, and spans reach the collector as OTLP/protobuf under OTEL_SERVICE_NAME', async () => {
    const received: Array<{ path: string; type: string; body: Buffer }> = [];
    const collector = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', type: request.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
        response.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
      });
    });
    collector.listen(0, '127.0.0.1');
    await once(collector, 'listening');
    try {
      const { port } = collector.address() as AddressInfo;
      const result = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'svc-from-env' });
      expect(result.tracing).to.equal(true);
      expect(result.loaded).to.be.greaterThan(0);
      // The start-up's own store calls (seeding the test user) are spans too, flushed at shutdown.
      expect(received.map(({ path, type }) => [path, type])).to.deep.include(['/v1/traces', 'application/x-protobuf']);
      expect(Buffer.concat(received.map(({ body }) => body)).includes('svc-from-env')).to.equal(true);
    } finally {
      collector.close();
    }
  });

  it('reads the standard switches', () => {
    expect(tracingWanted({})).to.equal(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).to.equal(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).to.equal(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).to.equal(false);
  });
});
