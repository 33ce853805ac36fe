import type { RefreshTokenSummary } from '../../application/use-cases/list-refresh-tokens';
import type { ListedSession } from '../../application/use-cases/list-sessions';
import type { Session } from '../../application/session';
import type { User } from '../../domain/user';
import { deviceOf } from './device';

/** A user as the API shows it: never any password field. */
export const userView = (user: User) => ({
  id: user.id,
  firstName: user.firstName,
  lastName: user.lastName,
  username: user.username,
  role: user.role,
});

/** The tutorial's answer to a login or refresh: the user and the access token (the refresh secret is in the cookie). */
export const sessionView = (session: Session) => ({
  ...userView(session.user),
  jwtToken: session.accessToken.token,
});

/** Under body transport only (a client without cookies): the refresh token and when it expires. */
export const refreshTokenInBody = (session: Session) => ({
  refreshToken: session.refreshToken.value,
  refreshTokenExpires: session.refreshToken.expires.toISOString(),
});

export const refreshTokenView = (token: RefreshTokenSummary) => ({
  id: token.id,
  created: token.created.toISOString(),
  createdByIp: token.createdByIp,
  userAgent: token.userAgent ?? null,
  expires: token.expires.toISOString(),
  revoked: token.revoked?.toISOString() ?? null,
  revokedByIp: token.revokedByIp ?? null,
  revokedReason: token.revokedReason ?? null,
  replacedBy: token.replacedBy ?? null,
  isExpired: token.isExpired,
  isActive: token.isActive,
});

/** A session (one login) as its owner sees it: where and when it started and was last used, on what device. */
export const liveSessionView = (session: ListedSession) => ({
  id: session.id,
  created: { at: session.created.at.toISOString(), ip: session.created.ip ?? null },
  lastUsed: { at: session.lastUsed.at.toISOString(), ip: session.lastUsed.ip },
  expires: session.expires.toISOString(),
  userAgent: session.userAgent ?? null,
  device: deviceOf(session.userAgent),
  current: session.current,
});
