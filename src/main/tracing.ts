import type { RequestObserver } from '../adapters/http/request-observation';
import type { Around } from './observe';

/** Spans for requests, use cases, store calls and hashing, exported over OTLP; see tracing's adapter. */
export type Tracing = Readonly<{
  around: Around;
  requests: RequestObserver;
  /** Flushes the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}>;

/**
 * Traces are on when an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) and `OTEL_SDK_DISABLED` is not `true`; the OpenTelemetry
 * SDK reads every other `OTEL_*` variable itself (service name, headers, sampler, resource).
 */
export const tracingWanted = (env: NodeJS.ProcessEnv): boolean =>
  env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true' &&
  [env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT].some((value) => value !== undefined && value.trim() !== '');

/**
 * The tracer when wanted, else undefined. The adapter (and with it the OpenTelemetry SDK) is
 * loaded only then: without the variables, not one OpenTelemetry module enters the process.
 */
export const startTracing = (env: NodeJS.ProcessEnv): Tracing | undefined => {
  if (!tracingWanted(env)) return undefined;
  // A plain require, resolved at this moment: it runs from the TS sources (tests) and from dist alike.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const adapter = require('../adapters/tracing/otel-tracing') as typeof import('../adapters/tracing/otel-tracing.js');
  return adapter.startOtlpTracing();
};
