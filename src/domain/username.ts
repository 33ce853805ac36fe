/**
 * The form under which usernames are unique and looked up, so `TEST`, `test` and full-width
 * `ｔｅｓｔ` are one account: NFKC folds compatibility forms, then lower case folds case.
 * The username shown keeps the case it was created with; only comparisons use the key.
 */
export const usernameKey = (username: string): string => username.normalize('NFKC').toLowerCase();
