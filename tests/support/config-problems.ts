import { ConfigError, loadConfig } from '../../src/main/config';

/** What loadConfig refuses in this environment: its problems, or none when it accepts it. */
export const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};
