import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../application/ports/logger';
import type { PrometheusMetrics } from './prometheus-metrics';

export type MetricsListener = Readonly<{
  /** Where Prometheus scrapes, e.g. http://127.0.0.1:9464/metrics. */
  url: string;
  close(): Promise<void>;
}>;

/**
 * `GET /metrics` on a listener of its own, never on the API's port: what the service counts is
 * for the operator's network, not for the clients the API faces. Nothing else is served.
 */
export const listenForScrapes = async (
  metrics: PrometheusMetrics,
  address: Readonly<{ host: string; port: number }>,
  logger: Logger,
): Promise<MetricsListener> => {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    metrics.exposition().then(
      ({ contentType, body }) => response.writeHead(200, { 'Content-Type': contentType }).end(request.method === 'HEAD' ? undefined : body),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics: collecting failed');
        response.writeHead(500, { 'Content-Type': 'text/plain' }).end('Collecting metrics failed\n');
      },
    );
  });
  server.listen(address.port, address.host);
  await once(server, 'listening');
  const { address: host, port, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${host}]` : host}:${port}/metrics`;
  logger.info({ url }, `metrics: Prometheus scrapes ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
