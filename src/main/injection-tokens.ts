/** Typed keys of the container: symbols, so domain and application carry no decorators. One per port. */
export const Tokens = {
  Config: Symbol('Config'),
  Logger: Symbol('Logger'),
  Clock: Symbol('Clock'),
  SessionPolicy: Symbol('SessionPolicy'),
  UserRepository: Symbol('UserRepository'),
  RefreshTokenRepository: Symbol('RefreshTokenRepository'),
  EndedSessions: Symbol('EndedSessions'),
  RevokedSessions: Symbol('RevokedSessions'),
  Readiness: Symbol('Readiness'),
  PasswordHasher: Symbol('PasswordHasher'),
  AccessTokens: Symbol('AccessTokens'),
  TokenGenerator: Symbol('TokenGenerator'),
  IdGenerator: Symbol('IdGenerator'),
  LoginThrottle: Symbol('LoginThrottle'),
  SecurityEvents: Symbol('SecurityEvents'),
  Observability: Symbol('Observability'),
} as const;
