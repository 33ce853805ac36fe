/** Expected failures of the use cases, as values. No HTTP here: the HTTP adapter maps each tag. */
export type InvalidCredentials = Readonly<{ _tag: 'InvalidCredentials' }>;
export type InvalidToken = Readonly<{ _tag: 'InvalidToken' }>;
export type UserNotFound = Readonly<{ _tag: 'UserNotFound' }>;
export type UsernameTaken = Readonly<{ _tag: 'UsernameTaken'; username: string }>;
export type Forbidden = Readonly<{ _tag: 'Forbidden' }>;
export type Unauthenticated = Readonly<{ _tag: 'Unauthenticated' }>;
export type InvalidUser = Readonly<{ _tag: 'InvalidUser'; problems: readonly string[] }>;
/** No live session of that user with that id: unknown, ended, or another user's (the same answer for each). */
export type SessionNotFound = Readonly<{ _tag: 'SessionNotFound' }>;
/** A password change whose current password did not match: counted like a failed login. */
export type WrongCurrentPassword = Readonly<{ _tag: 'WrongCurrentPassword' }>;
/** A new password that breaks the rules (src/domain/password.ts). */
export type InvalidPassword = Readonly<{ _tag: 'InvalidPassword'; problems: readonly string[] }>;
/** Too many failed logins for this username or from this address: the password was not checked. */
export type LoginThrottled = Readonly<{ _tag: 'LoginThrottled'; retryAfterSeconds: number }>;
/** Too much work already waiting (a login flood): refused at once, unchecked, instead of queued. */
export type ServiceBusy = Readonly<{ _tag: 'ServiceBusy'; retryAfterSeconds: number }>;

export type DomainError =
  | InvalidCredentials
  | InvalidToken
  | UserNotFound
  | SessionNotFound
  | WrongCurrentPassword
  | UsernameTaken
  | Forbidden
  | Unauthenticated
  | InvalidUser
  | InvalidPassword
  | LoginThrottled
  | ServiceBusy;

export const invalidCredentials: InvalidCredentials = { _tag: 'InvalidCredentials' };
export const invalidToken: InvalidToken = { _tag: 'InvalidToken' };
export const userNotFound: UserNotFound = { _tag: 'UserNotFound' };
export const sessionNotFound: SessionNotFound = { _tag: 'SessionNotFound' };
export const wrongCurrentPassword: WrongCurrentPassword = { _tag: 'WrongCurrentPassword' };
export const forbidden: Forbidden = { _tag: 'Forbidden' };
export const unauthenticated: Unauthenticated = { _tag: 'Unauthenticated' };
export const usernameTaken = (username: string): UsernameTaken => ({ _tag: 'UsernameTaken', username });
export const invalidUser = (problems: readonly string[]): InvalidUser => ({ _tag: 'InvalidUser', problems });
export const invalidPassword = (problems: readonly string[]): InvalidPassword => ({ _tag: 'InvalidPassword', problems });
export const loginThrottled = (retryAfterSeconds: number): LoginThrottled => ({ _tag: 'LoginThrottled', retryAfterSeconds });
export const serviceBusy = (retryAfterSeconds: number): ServiceBusy => ({ _tag: 'ServiceBusy', retryAfterSeconds });
