import bodyParser from 'koa-bodyparser';
import type { Context, Middleware, Next } from 'koa';
import { HttpError } from './error-responses';

export const BODY_LIMIT = '16kb';

/** RFC 8259 §8.1: JSON exchanged between systems is UTF-8. Another charset is a body we would misread. */
const readsAsUtf8 = (charset: string): boolean => charset === '' || /^utf-?8$/i.test(charset);

const UNDECODABLE = 'Request body could not be decoded as its Content-Encoding says';

const hasContentEncoding = (ctx: Context): boolean => !/^(identity)?$/i.test(ctx.get('Content-Encoding').trim());

/**
 * JSON request bodies: UTF-8 only (415 otherwise), at most BODY_LIMIT once decompressed (413).
 * A gzip, deflate or br body that does not decompress is the client's mistake, so it is a 400;
 * the parser lets zlib's error through bare, which would otherwise become a 500.
 */
export const jsonBody = (): Middleware => {
  const parse = bodyParser({
    enableTypes: ['json'],
    jsonLimit: BODY_LIMIT,
    strict: true,
    onerror: (error: Error & { status?: unknown }, ctx: Context) => {
      if (typeof error.status !== 'number' && hasContentEncoding(ctx)) throw new HttpError(400, UNDECODABLE);
      throw error;
    },
  });
  return async (ctx: Context, next: Next): Promise<void> => {
    if (typeof ctx.request.is('json', '+json') === 'string' && !readsAsUtf8(ctx.request.charset)) {
      throw new HttpError(415, 'Unsupported charset: JSON request bodies must be UTF-8');
    }
    // Content codings are case-insensitive (RFC 9110 §8.4.1); the parser only knows lower case.
    const encoding = ctx.req.headers['content-encoding'];
    if (encoding !== undefined) ctx.req.headers['content-encoding'] = encoding.toLowerCase();
    await parse(ctx, next);
  };
};
