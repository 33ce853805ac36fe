import type { RefreshToken } from '../domain/refresh-token';
import type { User } from '../domain/user';
import type { AccessTokens, IssuedAccessToken } from './ports/access-tokens';

/** What a successful login or refresh hands back: the refresh secret goes to the cookie only. */
export type Session = Readonly<{
  user: User;
  accessToken: IssuedAccessToken;
  refreshToken: Readonly<{ value: string; expires: Date }>;
}>;

export const sessionFor = async (accessTokens: AccessTokens, user: User, token: RefreshToken, secret: string): Promise<Session> => ({
  user,
  accessToken: await accessTokens.issue({
    userId: user.id,
    sessionId: token.familyId,
    ...(user.credentialEpoch === undefined ? {} : { credentialEpoch: user.credentialEpoch }),
  }),
  refreshToken: { value: secret, expires: token.expires },
});
