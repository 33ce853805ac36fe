import { randomBytes } from 'node:crypto';
import { isLeft } from 'fp-ts/Either';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import { RefreshToken, type Rotation } from '../../src/domain/refresh-token';
import { type EndReason, type SessionEnding, sessionEnding } from '../../src/domain/session-ending';
import { Role } from '../../src/domain/role';
import type { SessionPolicy } from '../../src/domain/session-policy';
import { User, type UserProps } from '../../src/domain/user';

export const DAY = 24 * 60 * 60;
export const POLICY: SessionPolicy = { tokenTtlSeconds: 7 * DAY, reuseGraceSeconds: 10, maxLifetimeSeconds: 30 * DAY, rotationHistory: 16, maxSessionsPerUser: 20 };

/** Ids as the application makes them: 24 hex digits. */
export const newId = (): string => randomBytes(12).toString('hex');
export const newHash = (): string => randomBytes(32).toString('hex');

/** Ids no adapter could have made; each must simply be "not found". */
export const MALFORMED_IDS = ['', 'not-an-id', '123', 'ZZZZZZZZZZZZZZZZZZZZZZZZ', '{"$gt":""}', '../users'];

export const aUser = (username: string, changes: Partial<UserProps> = {}): User =>
  User.restore({
    id: newId(),
    firstName: 'Ada',
    lastName: 'Lovelace',
    username,
    role: Role.User,
    passwordHash: '$2b$04$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0',
    ...changes,
  });

/** The first token of a login at `now`. */
export const aSession = (userId: string, now: Date, userAgent?: string, credentialEpoch?: string): RefreshToken =>
  RefreshToken.startSession({
    id: newId(),
    userId,
    tokenHash: newHash(),
    now,
    ip: '10.0.0.1',
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(credentialEpoch === undefined ? {} : { credentialEpoch }),
    policy: POLICY,
  });

/** `token` rotated at `now` into a successor with the given hash (its id derived from it, as RefreshSession does). */
export const rotationOf = (token: RefreshToken, successorHash: string, now: Date): Rotation => {
  const rotation = token.rotate({ id: RefreshToken.successorIdFor(successorHash), tokenHash: successorHash, now, ip: '10.0.0.2' }, POLICY);
  if (isLeft(rotation)) throw new Error('test set-up: the token should be active');
  return rotation.right;
};

/** The ending of `token`'s session at `at`, as the use cases record it. */
export const endingOf = (token: RefreshToken, at: Date, reason: EndReason = 'revoked', byIp = '10.0.0.1'): SessionEnding =>
  sessionEnding({ sessionId: token.familyId, userId: token.userId, at, byIp, reason }, POLICY);

/** A rotation as RefreshSession stores it. */
export const storeRotation = async (store: RefreshTokenRepository, { rotated, successor }: Rotation): Promise<void> => {
  if ((await store.rotate(rotated, successor)) !== 'committed') throw new Error('test set-up: the predecessor is revoked');
};
