import { type Context, context, createContextKey, propagation, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';

/** The shapes the composition root plugs these into (the HTTP adapter's observer, the ports' wrapper). */
export type ObservedRequest = Readonly<{ requestId: string; method: string; header(name: string): string }>;
export type RequestOutcome = Readonly<{ route: string; status: number }>;

const SERVICE_NAME = 'jwt-refresh-auth';
const REQUEST_ID = createContextKey('jwt-refresh-auth request id');
/** The request id goes on every span, so a trace is found from a log line and back. */
const REQUEST_ID_ATTRIBUTE = 'http.request.id';

/**
 * Spans carry names, route templates, statuses, request ids and error class names only: never
 * an argument of a call, a header value, a path with ids in it, or an error message (a store's
 * error may quote the document it choked on).
 */
const failed = (span: Span, error: unknown): void => {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
};

const requestIdIn = (ctx: Context): Record<string, string> => {
  const id = ctx.getValue(REQUEST_ID);
  return typeof id === 'string' ? { [REQUEST_ID_ATTRIBUTE]: id } : {};
};

/** One span around each call: a use case's `execute`, a store call, a password hash. */
const aroundWith =
  (tracer: Tracer) =>
  <T>(operation: string, call: () => Promise<T>): Promise<T> =>
    tracer.startActiveSpan(operation, { attributes: { 'code.function.name': operation, ...requestIdIn(context.active()) } }, async (span) => {
      try {
        return await call();
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });

/** The server span of a request: named by method and route template, continuing a caller's `traceparent`. */
const requestsWith = (tracer: Tracer) => ({
  async observe(request: ObservedRequest, handle: () => Promise<RequestOutcome>): Promise<RequestOutcome> {
    const parent = propagation
      .extract(context.active(), request, { get: (carrier, key) => carrier.header(key) || undefined, keys: () => [] })
      .setValue(REQUEST_ID, request.requestId);
    const span = tracer.startSpan(
      `${request.method}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, [REQUEST_ID_ATTRIBUTE]: request.requestId } },
      parent,
    );
    try {
      const outcome = await context.with(trace.setSpan(parent, span), handle);
      span.updateName(`${request.method} ${outcome.route}`);
      span.setAttributes({ 'http.route': outcome.route, 'http.response.status_code': outcome.status });
      if (outcome.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return outcome;
    } finally {
      span.end();
    }
  },
});

/**
 * Tracing through the given span processor; tests hand in an in-memory exporter's. Registers
 * the OpenTelemetry context manager and W3C propagator for the process (the first call does).
 */
export const tracingWith = (processor: SpanProcessor) => {
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': SERVICE_NAME }))
    .merge(detectResources({ detectors: [envDetector] })); // OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES win
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const tracer = provider.getTracer(SERVICE_NAME);
  // A collector that is down at exit loses the last spans; it must not fail the shutdown.
  return { around: aroundWith(tracer), requests: requestsWith(tracer), shutdown: () => provider.shutdown().catch(() => undefined) };
};

/**
 * Spans batched to an OTLP collector over HTTP/protobuf. The exporter reads the standard
 * variables itself: OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT), _HEADERS, _TIMEOUT;
 * the provider reads OTEL_TRACES_SAMPLER and its argument.
 */
export const startOtlpTracing = () => tracingWith(new BatchSpanProcessor(new OTLPTraceExporter()));
