import { assertMatchesOpenApi } from './openapi-contract';

export type ApiResponse = Readonly<{
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any documented shape
  text: string;
  /** Set-Cookie values of the refreshToken cookie, parsed. */
  cookie?: Readonly<{ value: string; attributes: string[] }>;
}>;

export type RequestOptions = Readonly<{
  json?: unknown;
  /** Sent as it is: bytes for a compressed body. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  bearer?: string;
  cookie?: string;
  headers?: Record<string, string>;
}>;

const parseRefreshCookie = (headers: Headers): ApiResponse['cookie'] => {
  const line = headers.getSetCookie().find((value) => value.startsWith('refreshToken='));
  if (line === undefined) return undefined;
  const [pair = '', ...attributes] = line.split('; ');
  return { value: pair.slice('refreshToken='.length), attributes };
};

/** A fetch-based client for one running app; every response is checked against openapi.yaml. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  get(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.send('GET', path, options);
  }

  post(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.send('POST', path, options);
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.bearer !== undefined) headers.Authorization = `Bearer ${options.bearer}`;
    if (options.cookie !== undefined) headers.Cookie = `refreshToken=${options.cookie}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined = options.rawBody;
    if (options.json !== undefined) body = JSON.stringify(options.json);
    if (body !== undefined && headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/json';

    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    const parsed: unknown = isJson && text !== '' ? JSON.parse(text) : text;
    assertMatchesOpenApi({ method, path, status: response.status, headers: response.headers, body: parsed });
    const cookie = parseRefreshCookie(response.headers);
    return { status: response.status, headers: response.headers, body: parsed, text, ...(cookie ? { cookie } : {}) };
  }
}
