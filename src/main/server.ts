import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config';
import { createLogger, logFormatFor } from './logger';
import { createService } from './service';
import { startTracing } from './tracing';

/** How long in-flight requests get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

const main = async (): Promise<void> => {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel, undefined, logFormatFor(config.environment, process.stdout.isTTY === true));
  if (config.jwt.secretWasGenerated) {
    logger.warn({}, 'JWT_SECRET is not set: using a random one, so tokens do not survive a restart');
  }
  const tracing = startTracing(process.env);
  if (tracing !== undefined) logger.info({}, 'tracing: spans exported over OTLP (OTEL_* variables)');
  const service = await createService(config, { logger, ...(tracing && { tracing }) });
  const host = config.host ?? 'every interface';
  const server: Server = service.app.listen(config.port, config.host, () => {
    logger.info({ port: config.port, host, environment: config.environment }, `listening on port ${config.port} (${host})`);
  });

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      void service
        .close()
        .then(() => tracing?.shutdown())
        .finally(() => process.exit(0));
    });
    // Keep-alive connections go idle as their last response ends: close each as soon as it does.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
