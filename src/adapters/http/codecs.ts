import { isLeft } from 'fp-ts/Either';
import * as t from 'io-ts';
import { Role } from '../../domain/role';
import { HttpError } from './error-responses';

/** A string with at least one non-blank character. */
const Text = new t.Type<string, string, unknown>(
  'a non-empty string',
  (u): u is string => typeof u === 'string' && u.trim().length > 0,
  (u, c) => (typeof u === 'string' && u.trim().length > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** Optional text where '' means "not given" (as HTML forms and Postman send it). */
const OptionalText = new t.Type<string | undefined, string | undefined, unknown>(
  'a string',
  (u): u is string | undefined => u === undefined || typeof u === 'string',
  (u, c) => {
    if (u === undefined || u === null || u === '') return t.success(undefined);
    return typeof u === 'string' ? t.success(u) : t.failure(u, c);
  },
  t.identity,
);

const RoleCodec = t.union([t.literal(Role.Admin), t.literal(Role.User)], `'${Role.Admin}' or '${Role.User}'`);

const body = <P extends t.Props>(props: P) => t.type(props, 'body');

export const AuthenticateBody = body({ username: Text, password: Text });

export const RevokeTokenBody = body({ token: OptionalText, id: OptionalText });

/** A refresh under body transport: the refresh token (absent: the cookie, for browsers). */
export const RefreshTokenBody = body({ token: OptionalText });

export const ChangePasswordBody = body({ currentPassword: OptionalText, newPassword: Text });

export const CreateUserBody = body({
  firstName: Text,
  lastName: Text,
  username: Text,
  password: Text,
  role: RoleCodec,
});

/** Bodies and queries are flat: name the top-level field and what it must be. */
const describeError = (error: t.ValidationError): string => {
  const field = error.context[1];
  if (field === undefined) return `${error.context[0]?.type.name ?? 'body'} must be a JSON object`;
  return error.value === undefined ? `${field.key} is required` : `${field.key} must be ${field.type.name}`;
};

/** Decodes untrusted input or throws a 400 naming every problem. */
export const decodeOrThrow = <A, O>(codec: t.Type<A, O, unknown>, input: unknown): A => {
  const result = codec.decode(input);
  if (isLeft(result)) {
    const problems = [...new Set(result.left.map(describeError))];
    throw new HttpError(400, `Validation error: ${problems.join(', ')}`);
  }
  return result.right;
};

/** Listings: `limit` items a page (default and maximum below), after `cursor` (from the previous page's Link header). */
export const PAGE_LIMIT = { default: 100, max: 500 } as const;

const LimitParam = new t.Type<number, string, unknown>(
  `an integer from 1 to ${PAGE_LIMIT.max}`,
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (u === undefined) return t.success(PAGE_LIMIT.default);
    const value = typeof u === 'string' && /^\d{1,4}$/.test(u) ? Number(u) : Number.NaN;
    return value >= 1 && value <= PAGE_LIMIT.max ? t.success(value) : t.failure(u, c);
  },
  String,
);

const CursorParam = new t.Type<string | undefined, string | undefined, unknown>(
  'a cursor from a Link header',
  (u): u is string | undefined => u === undefined || typeof u === 'string',
  (u, c) => (u === undefined || (typeof u === 'string' && /^[\w-]{1,200}$/.test(u)) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

export const PageQuery = t.type({ limit: LimitParam, cursor: CursorParam }, 'query');
