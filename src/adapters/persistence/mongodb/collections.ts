/** Collection names, shared by the repositories and the index set-up. */
export const USERS = 'users';
export const REFRESH_TOKENS = 'refreshTokens';
export const SESSION_ENDINGS = 'sessionEndings';
export const SIGNING_KEYS = 'signingKeys';
