import { createHash } from 'node:crypto';
import { usernameKey as canonicalUsername } from '../../domain/username';

const digest = (value: string): string => createHash('sha256').update(value).digest('base64url');

/**
 * Store keys of fixed length, whatever the caller sent (a username can be 16 KiB of body), and
 * without the usernames and addresses in clear. A username counts under its canonical form,
 * the one logins match: `TEST` and `test` share their failures.
 */
export const usernameKey = (username: string): string => `user:${digest(canonicalUsername(username))}`;
export const ipKey = (ip: string): string => `ip:${digest(ip)}`;

/**
 * Milliseconds until one more attempt may pass. Both adapters count an attempt only while a
 * key is below `max`, so a key never holds more than `max`: when `count` (attempts inside the
 * window) has reached it, the oldest of them is the one whose leaving lets an attempt through.
 */
export const waitMs = (
  window: Readonly<{ count: number; oldest: number | undefined }>,
  max: number,
  windowMs: number,
  nowMs: number,
): number => (window.count < max || window.oldest === undefined ? 0 : window.oldest + windowMs - nowMs);

/** The longer wait wins; Retry-After is whole seconds, and at least one. Null: no wait, the attempt may pass. */
export const retryAfterOf = (...waits: number[]): number | null => {
  const wait = Math.max(0, ...waits);
  return wait <= 0 ? null : Math.max(1, Math.ceil(wait / 1000));
};
