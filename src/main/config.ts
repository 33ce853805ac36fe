import { randomBytes } from 'node:crypto';
import { isLeft } from 'fp-ts/Either';
import * as t from 'io-ts';
import type { LoginThrottlePolicy } from '../application/ports/login-throttle';
import type { KeyLifecycle } from '../domain/key-set';
import type { SessionPolicy } from '../domain/session-policy';
import type { SigningAlgorithm } from '../domain/signing-key';
import type { SameSite } from '../adapters/http/http-settings';
import { flag, host, integer, mongoUri, oneOf, originList, secret, text } from './env-codecs';

export type Environment = 'development' | 'production' | 'test';

export type Config = Readonly<{
  environment: Environment;
  port: number;
  /** The address to listen on; absent: every interface (IPv6 and IPv4, Node's default). */
  host?: string;
  logLevel: string;
  jwt: Readonly<{ secret: string; secretWasGenerated: boolean; issuer: string; audience: string; ttlSeconds: number }>;
  /** ES256 / RS256: keys of the service's own, published as a JWKS; HS256: JWT_SECRET signs, nothing is published. */
  accessTokenSigning: Readonly<{ algorithm: 'HS256' }> | Readonly<{ algorithm: SigningAlgorithm; lifecycle: KeyLifecycle; jwksMaxAgeSeconds: number }>;
  /** At most this long after a session is revoked, its access tokens are refused (0: checked on every request). */
  accessRevocationLagSeconds: number;
  session: SessionPolicy;
  bcryptCost: number;
  /** Most logins waiting for a hashing thread before more are refused with 503; unset: the hasher's default for its pool size. */
  bcryptQueueCapacity?: number;
  corsOrigins: readonly string[];
  cookieSameSite: SameSite;
  trustProxy: boolean;
  /** With trustProxy: how many proxies of ours append to X-Forwarded-For; the client is the entry the outermost one wrote (0: the left-most entry). */
  trustedProxyHops: number;
  mongodbUri?: string;
  /** MongoDB: how long start-up keeps retrying an unreachable server before giving up. */
  mongodbConnectTimeoutSeconds: number;
  /** Expired refresh tokens stay listed this long, then are deleted. */
  tokenRetentionSeconds: number;
  loginThrottle: LoginThrottlePolicy;
  /** Set: login throttling counts live in Redis, shared by every instance; unset: in each process. */
  redis?: Readonly<{ url: string; keyPrefix: string }>;
  /** Set: Prometheus metrics on a listener of their own (never the API's port); unset: none collected. */
  metrics?: Readonly<{ host: string; port: number }>;
}>;

const REDIS_URL = /^rediss?:\/\/\S+$/;
const redisUrl = new t.Type<string, string, unknown>(
  'a redis:// or rediss:// URL',
  (_u): _u is string => false, // decoded, like the codecs in env-codecs
  (u, c) => (typeof u === 'string' && REDIS_URL.test(u.trim()) ? t.success(u.trim()) : t.failure(u, c)),
  String,
);

/** Every variable the service reads, with its codec. Defaults live in `loadConfig`. */
const Variables = t.partial({
  NODE_ENV: oneOf(['development', 'production', 'test'] as const),
  PORT: integer(0, 65535),
  HOST: host,
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  JWT_SECRET: secret,
  JWT_ISSUER: text,
  JWT_AUDIENCE: text,
  ACCESS_TOKEN_TTL_SECONDS: integer(10, 86_400),
  ACCESS_REVOCATION_LAG_SECONDS: integer(0, 3600),
  ACCESS_TOKEN_ALGORITHM: oneOf(['ES256', 'RS256', 'HS256'] as const),
  SIGNING_KEY_ROTATION_DAYS: integer(1, 365),
  REFRESH_TOKEN_TTL_SECONDS: integer(60, 31_536_000),
  REFRESH_REUSE_GRACE_SECONDS: integer(0, 300),
  SESSION_MAX_LIFETIME_SECONDS: integer(60, 31_536_000),
  REFRESH_TOKEN_HISTORY: integer(2, 1000),
  MAX_SESSIONS_PER_USER: integer(1, 10_000),
  BCRYPT_COST: integer(10, 15),
  BCRYPT_QUEUE_CAPACITY: integer(1, 100_000),
  CORS_ORIGINS: originList,
  COOKIE_SAMESITE: oneOf(['Strict', 'Lax', 'None'] as const),
  TRUST_PROXY: flag,
  TRUSTED_PROXY_HOPS: integer(0, 20),
  MONGODB_URI: mongoUri,
  MONGODB_CONNECT_TIMEOUT_SECONDS: integer(1, 3600),
  TOKEN_RETENTION_SECONDS: integer(0, 31_536_000),
  LOGIN_MAX_FAILURES: integer(1, 1_000_000),
  LOGIN_MAX_FAILURES_PER_IP: integer(1, 1_000_000),
  LOGIN_WINDOW_SECONDS: integer(1, 604_800),
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: text,
  METRICS_PORT: integer(0, 65535),
  METRICS_HOST: text,
});

/**
 * Outside production the test user test/test exists: by default, only this machine may reach it.
 * Production has no test user, and a container must listen beyond its own loopback.
 */
const DEV_HOST = '127.0.0.1';
/** How long verifiers may cache the JWKS (its Cache-Control max-age). */
export const JWKS_MAX_AGE_SECONDS = 600;
/** Clocks of the instances and of the verifiers may disagree by this much. */
export const CLOCK_SKEW_SECONDS = 60;

/** The development default: the tutorial's Angular app. */
const DEV_ORIGINS = ['http://localhost:4200'];

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const present = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(
    Object.keys(Variables.props).flatMap((name) => {
      const value = env[name];
      return value === undefined || value.trim() === '' ? [] : [[name, value]];
    }),
  );

/** Reads and checks the environment; throws a ConfigError naming every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Config => {
  const given = present(env);
  const decoded = Variables.decode(given);
  if (isLeft(decoded)) {
    const problems = decoded.left.map((error) => {
      const name = error.context[1]?.key ?? '?';
      // Values are not echoed: secrets and credentials in URIs must not reach a log.
      return `${name} must be ${error.context[error.context.length - 1]?.type.name}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const v = decoded.right;
  const environment = v.NODE_ENV ?? 'development';
  const production = environment === 'production';
  const sameSite = v.COOKIE_SAMESITE ?? 'Strict';

  const problems: string[] = [];
  if (production && v.JWT_SECRET === undefined) problems.push('JWT_SECRET is required in production (at least 32 characters)');
  if (sameSite === 'None' && !production) problems.push('COOKIE_SAMESITE=None needs a Secure cookie, which is set only with NODE_ENV=production');
  if (v.TRUSTED_PROXY_HOPS !== undefined && v.TRUST_PROXY !== true) problems.push('TRUSTED_PROXY_HOPS needs TRUST_PROXY=true');
  if (v.METRICS_PORT !== undefined && v.METRICS_PORT !== 0 && v.METRICS_PORT === (v.PORT ?? 4000)) {
    problems.push('METRICS_PORT must differ from PORT: metrics are never served on the API port');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    environment,
    port: v.PORT ?? 4000,
    ...(v.HOST === undefined ? (production ? {} : { host: DEV_HOST }) : { host: v.HOST }),
    logLevel: v.LOG_LEVEL ?? 'info',
    jwt: {
      secret: v.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      secretWasGenerated: v.JWT_SECRET === undefined,
      issuer: v.JWT_ISSUER ?? 'jwt-refresh-auth',
      audience: v.JWT_AUDIENCE ?? 'jwt-refresh-auth-api',
      ttlSeconds: v.ACCESS_TOKEN_TTL_SECONDS ?? 900,
    },
    accessTokenSigning: signingOf(v.ACCESS_TOKEN_ALGORITHM ?? 'ES256', v.SIGNING_KEY_ROTATION_DAYS ?? 30, v.ACCESS_TOKEN_TTL_SECONDS ?? 900),
    accessRevocationLagSeconds: v.ACCESS_REVOCATION_LAG_SECONDS ?? 30,
    session: {
      tokenTtlSeconds: v.REFRESH_TOKEN_TTL_SECONDS ?? 604_800,
      reuseGraceSeconds: v.REFRESH_REUSE_GRACE_SECONDS ?? 10,
      maxLifetimeSeconds: v.SESSION_MAX_LIFETIME_SECONDS ?? 2_592_000,
      rotationHistory: v.REFRESH_TOKEN_HISTORY ?? 16,
      maxSessionsPerUser: v.MAX_SESSIONS_PER_USER ?? 20,
    },
    bcryptCost: v.BCRYPT_COST ?? 10,
    ...(v.BCRYPT_QUEUE_CAPACITY === undefined ? {} : { bcryptQueueCapacity: v.BCRYPT_QUEUE_CAPACITY }),
    corsOrigins: v.CORS_ORIGINS ?? (production ? [] : DEV_ORIGINS),
    cookieSameSite: sameSite,
    trustProxy: v.TRUST_PROXY ?? false,
    // One proxy by default: the entry it appended, never one the client wrote to the left of it.
    trustedProxyHops: v.TRUSTED_PROXY_HOPS ?? 1,
    ...(v.MONGODB_URI === undefined ? {} : { mongodbUri: v.MONGODB_URI }),
    mongodbConnectTimeoutSeconds: v.MONGODB_CONNECT_TIMEOUT_SECONDS ?? 30,
    tokenRetentionSeconds: v.TOKEN_RETENTION_SECONDS ?? 604_800,
    loginThrottle: {
      maxFailuresPerUsername: v.LOGIN_MAX_FAILURES ?? 10,
      maxFailuresPerIp: v.LOGIN_MAX_FAILURES_PER_IP ?? 100,
      windowSeconds: v.LOGIN_WINDOW_SECONDS ?? 900,
    },
    ...(v.REDIS_URL === undefined ? {} : { redis: { url: v.REDIS_URL, keyPrefix: v.REDIS_KEY_PREFIX ?? 'jwt-refresh-auth:' } }),
    ...(v.METRICS_PORT === undefined ? {} : { metrics: { host: v.METRICS_HOST ?? '127.0.0.1', port: v.METRICS_PORT } }),
  };
};

/**
 * A key is published the JWKS cache lifetime (plus skew) before it signs, so every verifier
 * has it before meeting its first token; it stays published the token lifetime (plus skew)
 * after it stops signing.
 */
const signingOf = (algorithm: SigningAlgorithm | 'HS256', rotationDays: number, ttlSeconds: number): Config['accessTokenSigning'] =>
  algorithm === 'HS256'
    ? { algorithm }
    : {
        algorithm,
        jwksMaxAgeSeconds: JWKS_MAX_AGE_SECONDS,
        lifecycle: {
          rotationSeconds: rotationDays * 86_400,
          publicationSeconds: JWKS_MAX_AGE_SECONDS + CLOCK_SKEW_SECONDS,
          tokenLifetimeSeconds: ttlSeconds + CLOCK_SKEW_SECONDS,
        },
      };
