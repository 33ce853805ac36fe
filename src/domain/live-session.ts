import type { RefreshToken } from './refresh-token';

/**
 * A session still going on, as its owner sees it: one login, whatever number of times it rotated.
 * Nothing in it works as a credential (the id only names the session to end it).
 */
export type LiveSession = Readonly<{
  /** The session (token family) id: the `sid` of its access tokens. */
  id: string;
  userId: string;
  /** The login: when, and from where (unknown for a session rotated before logins' addresses were carried). */
  created: Readonly<{ at: Date; ip?: string }>;
  /** The last rotation (the login, if none yet). */
  lastUsed: Readonly<{ at: Date; ip: string }>;
  expires: Date;
  /** As the client sent it at its last use. */
  userAgent?: string;
}>;

const liveSessionOf = (newest: RefreshToken): LiveSession => {
  const loginIp = newest.sessionStartedByIp;
  return {
    id: newest.familyId,
    userId: newest.userId,
    created: { at: newest.sessionStarted, ...(loginIp === undefined ? {} : { ip: loginIp }) },
    lastUsed: { at: newest.created, ip: newest.createdByIp },
    expires: newest.expires,
    ...(newest.userAgent === undefined ? {} : { userAgent: newest.userAgent }),
  };
};

/**
 * The live sessions among a user's unrevoked tokens (RefreshTokenRepository.unrevokedOfUser):
 * each session by its newest token, if that is still active; the most recently used first.
 */
export const liveSessionsOf = (unrevoked: readonly RefreshToken[], now: Date): LiveSession[] => {
  const newest = new Map<string, RefreshToken>();
  for (const token of unrevoked) {
    const known = newest.get(token.familyId);
    if (known === undefined || token.generation > known.generation) newest.set(token.familyId, token);
  }
  return [...newest.values()]
    .filter((token) => token.isActive(now))
    .map(liveSessionOf)
    .sort((a, b) => b.lastUsed.at.getTime() - a.lastUsed.at.getTime() || (a.id < b.id ? -1 : 1));
};
