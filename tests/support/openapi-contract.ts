import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { type Operation, OpenAPIRouter, OpenAPIValidator, type ValidationResult } from 'openapi-backend';
import { parse } from 'yaml';
import { OPENAPI_PATH } from '../../src/main/openapi-document';

/** What a test saw: the request line it sent and the response it got (body already parsed when JSON). */
export type ObservedResponse = Readonly<{
  method: string;
  /** The concrete path as requested, e.g. /users/64ab…/refresh-tokens (a query string is ignored). */
  path: string;
  status: number;
  headers: Headers;
  body: unknown;
}>;

/** Thrown when a response is not what openapi.yaml documents. */
export class OpenApiContractError extends Error {
  override readonly name = 'OpenApiContractError';
}

type Definition = ConstructorParameters<typeof OpenAPIRouter>[0]['definition'];

type HeaderObject = Readonly<{ required?: boolean; schema?: unknown }>;
type MediaTypeObject = Readonly<{ schema?: unknown }>;
type ResponseObject = Readonly<{
  headers?: Readonly<Record<string, HeaderObject>>;
  content?: Readonly<Record<string, MediaTypeObject>>;
}>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** RFC 3339 date-time, as Date.prototype.toISOString() writes it and OpenAPI's `format: date-time` means. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Parsed once, with every $ref resolved, and the router and validators built on it. */
const loadContract = (path: string) => {
  const document = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const definition = new Validator().resolveRefs({ specification: document }) as unknown as Definition;
  const router = new OpenAPIRouter({ definition });
  const validator = new OpenAPIValidator({
    definition,
    router,
    // Compile only what a test asks for: request schemas are never needed here.
    lazyCompileValidators: true,
    ajvOpts: {
      strict: false,
      allErrors: true,
      formats: {
        'date-time': (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
        password: true,
      },
    },
  });
  return { router, validator };
};

let contract: ReturnType<typeof loadContract> | undefined;
const theContract = (): ReturnType<typeof loadContract> => (contract ??= loadContract(OPENAPI_PATH));

const fail = (observed: ObservedResponse, problem: string): never => {
  throw new OpenApiContractError(
    `${observed.method.toUpperCase()} ${observed.path} → ${observed.status}: ${problem} (openapi.yaml)`,
  );
};

const describeErrors = (errors: ValidationResult['errors'], root: string): string =>
  (errors ?? [])
    .map((error) => {
      const where = `${root}${error.instancePath}`;
      const params = error.params as Record<string, unknown>;
      if (error.keyword === 'additionalProperties') {
        return `${where} has undocumented property '${String(params.additionalProperty)}'`;
      }
      if (error.keyword === 'required') return `${where} lacks required property '${String(params.missingProperty)}'`;
      const allowed = error.keyword === 'enum' ? ` ${JSON.stringify(params.allowedValues)}` : '';
      return `${where} ${error.message ?? 'is invalid'}${allowed}`;
    })
    .join('; ');

const pathOnly = (path: string): string => path.split(/[?#]/, 1)[0] ?? path;

const matchOperation = (observed: ObservedResponse, path: string): Operation => {
  const { router } = theContract();
  const request = { method: observed.method.toLowerCase(), path, headers: {} };
  const operation = router.matchOperation(request, false);
  if (operation !== undefined) return operation;
  const documented = METHODS.filter((method) => router.matchOperation({ ...request, method }, false) !== undefined);
  return documented.length === 0
    ? fail(observed, 'no documented path matches')
    : fail(observed, `method not documented for this path (documented: ${documented.join(', ').toUpperCase()})`);
};

/** The documented response for a status: the exact code, else its class (4XX), else `default`. */
const responseFor = (observed: ObservedResponse, operation: Operation): ResponseObject => {
  const responses = (operation.responses ?? {}) as Readonly<Record<string, ResponseObject>>;
  const key = [String(observed.status), `${Math.floor(observed.status / 100)}XX`, 'default'].find((candidate) =>
    Object.hasOwn(responses, candidate),
  );
  if (key === undefined) {
    const documented = Object.keys(responses).join(', ');
    return fail(observed, `status not documented for ${operation.operationId} (documented: ${documented})`);
  }
  return responses[key] as ResponseObject;
};

const mediaTypeMatches = (documented: string, actual: string): boolean => {
  const [type, subtype] = documented.toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
};

const checkHeaders = (observed: ObservedResponse, operation: Operation, response: ResponseObject): void => {
  const documented = Object.entries(response.headers ?? {});
  const present: Record<string, string> = {};
  for (const [name, header] of documented) {
    const value = observed.headers.get(name);
    if (value !== null) present[name.toLowerCase()] = value;
    else if (header.required === true) fail(observed, `required header ${name} is missing`);
  }
  if (documented.length === 0) return;
  const result = theContract().validator.validateResponseHeaders(present, operation, { statusCode: observed.status });
  if (!result.valid) fail(observed, `headers do not match: ${describeErrors(result.errors, '')}`);
};

const checkBody = (observed: ObservedResponse, operation: Operation, response: ResponseObject): void => {
  const content = response.content ?? {};
  const contentType = (observed.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) {
    const empty = observed.body === undefined || observed.body === null || observed.body === '';
    if (!empty) fail(observed, 'a body was sent where none is documented');
    return;
  }
  const mediaType = mediaTypes.find((candidate) => mediaTypeMatches(candidate, contentType));
  if (mediaType === undefined) {
    const documented = mediaTypes.join(', ');
    fail(observed, `content type '${contentType || '(none)'}' is not documented (documented: ${documented})`);
    return;
  }
  // Only JSON bodies are checked against a schema (openapi-backend validates application/json ones).
  if (mediaType !== 'application/json' || content[mediaType]?.schema === undefined) return;
  const result = theContract().validator.validateResponse(observed.body, operation, observed.status);
  if (!result.valid) fail(observed, `body does not match the schema: ${describeErrors(result.errors, 'body')}`);
};

/**
 * Throws an OpenApiContractError unless openapi.yaml documents this response: a path (templated
 * paths match concrete ones) and method, the status code, every required header (and the format of
 * the documented ones), the content type and, for JSON, the body against its schema.
 */
export const assertMatchesOpenApi = (res: {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: unknown;
}): void => {
  const operation = matchOperation(res, pathOnly(res.path));
  const response = responseFor(res, operation);
  checkHeaders(res, operation, response);
  checkBody(res, operation, response);
};
