import type { RefreshToken } from './refresh-token';

export type SessionsBeyondLimit = Readonly<{
  /** Still live (a token of theirs is active): to be ended before they are forgotten. */
  toEnd: string[];
  /** Every session beyond the limit, live or ended: their tokens are deleted. */
  toForget: string[];
}>;

/**
 * Which of a user's sessions go when a user keeps at most `max`: the oldest logins first,
 * whatever their state, so storage per user stays bounded however often the user logs in.
 */
export const sessionsBeyondLimit = (tokens: readonly RefreshToken[], max: number, now: Date): SessionsBeyondLimit => {
  const sessions = new Map<string, { started: number; live: boolean }>();
  for (const token of tokens) {
    const session = sessions.get(token.familyId) ?? { started: token.sessionStarted.getTime(), live: false };
    session.live ||= token.isActive(now);
    sessions.set(token.familyId, session);
  }
  const newestFirst = [...sessions].sort(([idA, a], [idB, b]) => b.started - a.started || (idA < idB ? 1 : -1));
  const beyond = newestFirst.slice(max);
  return { toEnd: beyond.filter(([, session]) => session.live).map(([id]) => id), toForget: beyond.map(([id]) => id) };
};
