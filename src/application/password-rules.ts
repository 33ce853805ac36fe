const MIN_LENGTH = 8;
/** bcrypt reads only the first 72 bytes: a longer password would be silently cut. */
const MAX_BYTES = 72;

/** Why a new password is refused; empty when it is acceptable. */
export const passwordProblems = (password: string): string[] => {
  const problems: string[] = [];
  if (password.length < MIN_LENGTH) problems.push(`password must be at least ${MIN_LENGTH} characters`);
  if (new TextEncoder().encode(password).length > MAX_BYTES) problems.push(`password must be at most ${MAX_BYTES} bytes`);
  return problems;
};
