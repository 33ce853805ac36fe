import type { RefreshTokenSummary } from '../../application/use-cases/list-refresh-tokens';
import type { Session } from '../../application/session';
import type { User } from '../../domain/user';

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
