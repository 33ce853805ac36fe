import Bowser from 'bowser';

/** What a User-Agent says about the device, as far as a well-kept parser can tell; null where it cannot. */
export type Device = Readonly<{ browser: string | null; os: string | null; type: string | null }>;

const UNKNOWN: Device = { browser: null, os: null, type: null };

const joined = (...parts: ReadonlyArray<string | undefined>): string | null => {
  const text = parts.filter((part) => part !== undefined && part !== '').join(' ');
  return text === '' ? null : text;
};

/** `Firefox 128.0` on `Windows 10`, a `desktop`; a User-Agent nothing is known of gives nulls. */
export const deviceOf = (userAgent: string | undefined): Device => {
  if (userAgent === undefined || userAgent.trim() === '') return UNKNOWN;
  try {
    const { browser, os, platform } = Bowser.parse(userAgent);
    return {
      browser: joined(browser.name, browser.version),
      os: joined(os.name, os.versionName ?? os.version),
      type: platform.type === undefined || platform.type === '' ? null : platform.type,
    };
  } catch {
    // The parser refuses some input outright: such an agent is simply not recognised.
    return UNKNOWN;
  }
};
