/** Typed keys of the container: symbols, so domain and application carry no decorators. */
export const Tokens = {
  Config: Symbol('Config'),
  Logger: Symbol('Logger'),
  Clock: Symbol('Clock'),
  SessionPolicy: Symbol('SessionPolicy'),
  UserRepository: Symbol('UserRepository'),
  RefreshTokenRepository: Symbol('RefreshTokenRepository'),
  PasswordHasher: Symbol('PasswordHasher'),
  AccessTokens: Symbol('AccessTokens'),
  TokenGenerator: Symbol('TokenGenerator'),
  IdGenerator: Symbol('IdGenerator'),
  LoginThrottle: Symbol('LoginThrottle'),
  SecurityEvents: Symbol('SecurityEvents'),
} as const;
