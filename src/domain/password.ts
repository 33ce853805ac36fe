import { type Either, left, right } from 'fp-ts/Either';
import { type InvalidPassword, invalidPassword } from './errors';

const MIN_CHARACTERS = 8;
/** bcrypt reads only the first 72 bytes: a longer password would be silently cut. */
export const MAX_PASSWORD_BYTES = 72;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as a person counts them: an emoji, even one made of several code points, is one. */
const characterCount = (text: string): number => {
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
};

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** A new password that passed the rules; only the hasher ever reads its value. */
export class Password {
  private constructor(readonly value: string) {}

  /** Checks a password someone wants to set: every rule it breaks, or the password. */
  static parse(raw: string): Either<InvalidPassword, Password> {
    const problems: string[] = [];
    if (characterCount(raw) < MIN_CHARACTERS) problems.push(`password must be at least ${MIN_CHARACTERS} characters`);
    if (byteLength(raw) > MAX_PASSWORD_BYTES) problems.push(`password must be at most ${MAX_PASSWORD_BYTES} bytes`);
    return problems.length > 0 ? left(invalidPassword(problems)) : right(new Password(raw));
  }

  /**
   * Whether a password presented at login could be one we hashed. A longer one never is: bcrypt
   * would compare only its first 72 bytes, so its tail would not count.
   */
  static couldHaveBeenSet(raw: string): boolean {
    return byteLength(raw) <= MAX_PASSWORD_BYTES;
  }
}
