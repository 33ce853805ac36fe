import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher';
import { CryptoTokenGenerator } from '../../src/adapters/security/crypto-token-generator';
import { JwtAccessTokens, type HmacJwtSettings } from '../../src/adapters/security/jwt-access-tokens';
import { InProcessRevokedSessions } from '../../src/adapters/cache/in-process-revoked-sessions';
import { CoalescingHousekeeping, type Defer } from '../../src/adapters/housekeeping/coalescing-housekeeping';
import { RandomIdGenerator } from '../../src/adapters/ids/random-id-generator';
import { InMemoryRefreshTokenRepository } from '../../src/adapters/persistence/memory/in-memory-refresh-token-repository';
import { InMemoryLoginThrottle } from '../../src/adapters/throttle/in-memory-login-throttle';
import type { LoginThrottle, LoginThrottlePolicy } from '../../src/application/ports/login-throttle';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import type { RevokedSessions } from '../../src/application/ports/revoked-sessions';
import type { PasswordHasher } from '../../src/application/ports/password-hasher';
import type { Session } from '../../src/application/session';
import { Authenticate } from '../../src/application/use-cases/authenticate';
import { AuthorizeRequest } from '../../src/application/use-cases/authorize-request';
import { ChangePassword } from '../../src/application/use-cases/change-password';
import { CreateUser } from '../../src/application/use-cases/create-user';
import { EndSession } from '../../src/application/use-cases/end-session';
import { GetUser } from '../../src/application/use-cases/get-user';
import { ListRefreshTokens } from '../../src/application/use-cases/list-refresh-tokens';
import { ListSessions } from '../../src/application/use-cases/list-sessions';
import { ListUsers } from '../../src/application/use-cases/list-users';
import { RefreshSession } from '../../src/application/use-cases/refresh-session';
import { RevokeOtherSessions } from '../../src/application/use-cases/revoke-other-sessions';
import { RevokeToken } from '../../src/application/use-cases/revoke-token';
import type { RefreshToken } from '../../src/domain/refresh-token';
import { Actor } from '../../src/domain/actor';
import { Role } from '../../src/domain/role';
import type { SessionPolicy } from '../../src/domain/session-policy';
import type { User } from '../../src/domain/user';
import { rightOf } from './either-assertions';
import { FakeClock } from './fake-clock';
import { RecordingLogger } from './recording-logger';
import { RecordingPasswordHasher } from './recording-password-hasher';
import { RecordingSecurityEvents } from './recording-security-events';
import { RemovableUserRepository } from './removable-user-repository';

export const DAY = 24 * 60 * 60;
export const POLICY: SessionPolicy = { tokenTtlSeconds: 7 * DAY, reuseGraceSeconds: 10, maxLifetimeSeconds: 30 * DAY, rotationHistory: 16, maxSessionsPerUser: 20 };
export const JWT: HmacJwtSettings = {
  secret: 'unit-test-secret-of-more-than-32-characters',
  issuer: 'https://auth.test',
  audience: 'https://api.test',
  ttlSeconds: 15 * 60,
};
export const SUCCESSOR_KEY = Buffer.from('unit-test-successor-key-of-32-bytes!');
export const PASSWORD = 'correct horse battery';
export const THROTTLE: LoginThrottlePolicy = { maxFailuresPerUsername: 3, maxFailuresPerIp: 5, windowSeconds: 900 };

/** SHA-256 hex, computed here rather than by the adapter under test. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

// bcrypt makes a dummy hash per instance: one cheap instance for every fixture.
const bcrypt = new BcryptPasswordHasher(4);

export type FixtureOptions = Readonly<{
  /** What the use cases see of the token store: e.g. a StepControl's wrap, to break them between steps. */
  wrapTokens?: (store: InMemoryRefreshTokenRepository) => RefreshTokenRepository;
  /** The hasher under the recording one: by default a cheap bcrypt. */
  innerHasher?: PasswordHasher;
  /** When housekeeping may start: by default the event loop's next turn. */
  housekeepingStarts?: Defer;
  /** What refresh and authorization ask about ended sessions: by default the cache over the store, with a lag of 0. */
  revokedSessions?: RevokedSessions;
}>;

/** Every use case over in-memory stores, a fake clock and the real security adapters; security events are recorded. */
export const buildUseCases = (
  policy: SessionPolicy = POLICY,
  throttle: LoginThrottle = new InMemoryLoginThrottle(THROTTLE),
  options: FixtureOptions = {},
) => {
  const clock = new FakeClock();
  const users = new RemovableUserRepository();
  const store = new InMemoryRefreshTokenRepository();
  const tokens = options.wrapTokens?.(store) ?? store;
  const hasher = new RecordingPasswordHasher(options.innerHasher ?? bcrypt);
  const secrets = new CryptoTokenGenerator(SUCCESSOR_KEY);
  const accessTokens = new JwtAccessTokens(JWT, clock);
  const ids = new RandomIdGenerator();
  const events = new RecordingSecurityEvents();
  // Lag 0: every request asks the store, so a revocation shows at once.
  const revokedSessions = options.revokedSessions ?? new InProcessRevokedSessions(store, clock, { lagSeconds: 0, accessTokenTtlSeconds: JWT.ttlSeconds });
  const housekeepingLog = new RecordingLogger();
  const housekeeping = new CoalescingHousekeeping(housekeepingLog, options.housekeepingStarts);
  const createUser = new CreateUser(users, hasher, ids, events);
  const authenticate = new Authenticate(users, tokens, hasher, accessTokens, secrets, ids, clock, policy, throttle, events, housekeeping);
  return {
    clock,
    users,
    /** The store itself, unwrapped: for set-up and for looking at what is stored. */
    tokens: store,
    hasher,
    accessTokens,
    events,
    throttle,
    /** What the use cases left for after their answer (a login's session limit, a rotation's history), and its failures. */
    housekeeping,
    housekeepingLog,
    createUser,
    authenticate,
    refreshSession: new RefreshSession(users, tokens, accessTokens, secrets, clock, policy, events, housekeeping, revokedSessions),
    revokeToken: new RevokeToken(tokens, secrets, clock, policy, events),
    listUsers: new ListUsers(users),
    getUser: new GetUser(users),
    listRefreshTokens: new ListRefreshTokens(users, tokens, clock),
    listSessions: new ListSessions(users, tokens, clock),
    endSession: new EndSession(tokens, clock, policy, events),
    revokeOtherSessions: new RevokeOtherSessions(users, tokens, clock, policy, events),
    changePassword: new ChangePassword(users, tokens, hasher, ids, clock, policy, throttle, events),
    authorizeRequest: new AuthorizeRequest(accessTokens, users, revokedSessions),

    /** A user added by the operator, with PASSWORD. */
    addUser: async (username: string, role: Role = Role.User): Promise<User> =>
      rightOf(
        await createUser.execute({ actor: Actor.operator, firstName: 'Test', lastName: 'User', username, password: PASSWORD, role }),
      ),
    /** A successful login with PASSWORD. */
    login: async (username: string, ip = '10.0.0.1', userAgent?: string): Promise<Session> =>
      rightOf(await authenticate.execute({ username, password: PASSWORD, ip, ...(userAgent === undefined ? {} : { userAgent }) })),
    /** The stored token for a secret; fails the test when there is none. */
    stored: async (secret: string): Promise<RefreshToken> => {
      const token = await tokens.findByHash(sha256(secret));
      return token ?? expect.fail(`no stored token for secret ${secret}`);
    },
  };
};

export type UseCases = ReturnType<typeof buildUseCases>;
