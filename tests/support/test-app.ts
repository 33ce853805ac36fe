import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher';
import type { Housekeeping } from '../../src/application/ports/housekeeping';
import type { PasswordHasher } from '../../src/application/ports/password-hasher';
import type { Tracing } from '../../src/main/tracing';
import { loadConfig, type Config } from '../../src/main/config';
import { createLogger } from '../../src/main/logger';
import { CoalescingHousekeeping } from '../../src/adapters/housekeeping/coalescing-housekeeping';
import { Tokens } from '../../src/main/injection-tokens';
import { createService, type Service } from '../../src/main/service';
import { memoryStores, type Stores } from '../../src/main/stores';
import { FakeClock } from './fake-clock';
import { ApiClient } from './http-client';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const TEST_ISSUER = 'jwt-refresh-auth';
export const TEST_AUDIENCE = 'jwt-refresh-auth-api';

export type TestApp = Readonly<{
  api: ApiClient;
  clock: FakeClock;
  stores: Stores;
  config: Config;
  service: Service;
  /** Every log line the app wrote, parsed. */
  logLines: () => Record<string, unknown>[];
  /** Resolves once what the requests so far left for after their answers (the service's housekeeping) is done. */
  housekeepingDone: () => Promise<void>;
  close(): Promise<void>;
}>;

export type TestAppOptions = Readonly<{
  stores?: Stores;
  clock?: FakeClock;
  env?: Record<string, string>;
  /** Instead of the fast bcrypt: e.g. a recording hasher, to see whether a password was checked. */
  passwordHasher?: PasswordHasher;
  /** Spans to an exporter of the test's (tests/http/tracing.test.ts). */
  tracing?: Tracing;
  /** Instead of the service's own (after each answer): e.g. one held until the test releases it. */
  housekeeping?: Housekeeping;
}>;

/** The real service on an ephemeral port, with a fake clock and a fast (cost 4) bcrypt. */
export const startTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, ...options.env });
  const clock = options.clock ?? new FakeClock();
  const stores = options.stores ?? memoryStores();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const logger = createLogger('info', sink);
  const service = await createService(config, {
    logger,
    clock,
    stores,
    passwordHasher: options.passwordHasher ?? new BcryptPasswordHasher(4),
    ...(options.tracing && { tracing: options.tracing }),
    ...(options.housekeeping && { housekeeping: options.housekeeping }),
  });
  const server: Server = await new Promise((resolve) => {
    // A deep accept queue: the burst tests open a thousand connections at once, and a busy machine
    // accepts slowly; past the default 511 the kernel resets connections that had already been sent.
    const listening = service.app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    api: new ApiClient(`http://127.0.0.1:${port}`),
    clock,
    stores,
    config,
    service,
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    housekeepingDone: async () => {
      const housekeeping = service.graph.resolve(Tokens.Housekeeping);
      if (housekeeping instanceof CoalescingHousekeeping) await housekeeping.idle();
    },
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      await service.close();
    },
  };
};
