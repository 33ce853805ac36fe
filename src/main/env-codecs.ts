import { isIP } from 'node:net';
import * as t from 'io-ts';

/** io-ts codecs for environment variables: each decodes a string (or its absence) to a typed value. */

const fromString = <A>(name: string, parse: (raw: string) => A | undefined) =>
  new t.Type<A, string, unknown>(
    name,
    (_u): _u is A => false, // env values are decoded, never checked in place
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c);
      const parsed = parse(u.trim());
      return parsed === undefined ? t.failure(u, c) : t.success(parsed);
    },
    String,
  );

export const integer = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  fromString(`an integer from ${min} to ${max}`, (raw) => {
    if (!/^\d+$/.test(raw)) return undefined;
    const value = Number(raw);
    return value >= min && value <= max ? value : undefined;
  });

export const oneOf = <V extends string>(values: readonly V[]) =>
  fromString(`one of ${values.join(', ')}`, (raw) => values.find((value) => value.toLowerCase() === raw.toLowerCase()));

export const flag = fromString('true or false', (raw) => {
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes'].includes(lower)) return true;
  if (['false', '0', 'no', ''].includes(lower)) return false;
  return undefined;
});

export const originList = fromString('a comma-separated list of origins like https://app.example.com', (raw) => {
  const origins = raw.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  return origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)) ? origins : undefined;
});

export const secret = fromString('at least 32 characters', (raw) => (raw.length >= 32 ? raw : undefined));

export const text = fromString('a non-empty string', (raw) => (raw === '' ? undefined : raw));

export const mongoUri = fromString('a mongodb:// or mongodb+srv:// URI', (raw) =>
  /^mongodb(\+srv)?:\/\/\S+$/.test(raw) ? raw : undefined,
);

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const host = fromString('an IP address or a host name, such as 127.0.0.1, 0.0.0.0, :: or localhost', (raw) =>
  isIP(raw) !== 0 || HOSTNAME.test(raw) ? raw : undefined,
);
