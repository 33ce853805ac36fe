import { Agent, type Dispatcher, request } from 'undici';
import type { Credentials } from './protocol';
import { latencyOf, type Measured } from './stats';

/** Plain undici loops for the scenarios whose requests depend on the previous answer. */

export type Session = Readonly<{ accessToken: string; refreshToken: string }>;

const refreshCookieOf = (headers: Dispatcher.ResponseData['headers']): string | undefined => {
  const raw = headers['set-cookie'];
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const line of lines) {
    const match = /^refreshToken=([^;]*)/.exec(line);
    if (match?.[1]) return match[1];
  }
  return undefined;
};

export const login = async (apiUrl: string, user: Credentials, dispatcher?: Agent): Promise<Session> => {
  const response = await request(`${apiUrl}/users/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
    ...(dispatcher === undefined ? {} : { dispatcher }),
  });
  const text = await response.body.text();
  const refreshToken = refreshCookieOf(response.headers);
  if (response.statusCode !== 200 || refreshToken === undefined) {
    throw new Error(`login as ${user.username} answered ${response.statusCode}: ${text.slice(0, 200)}`);
  }
  return { accessToken: (JSON.parse(text) as { jwtToken: string }).jwtToken, refreshToken };
};

type Refreshed = Readonly<{ status: number; refreshToken?: string; ms: number }>;

const refresh = async (apiUrl: string, token: string, dispatcher: Agent): Promise<Refreshed> => {
  const started = performance.now();
  const response = await request(`${apiUrl}/users/refresh-token`, {
    method: 'POST',
    headers: { cookie: `refreshToken=${token}` },
    dispatcher,
  });
  await response.body.dump();
  const ms = performance.now() - started;
  const refreshToken = response.statusCode === 200 ? refreshCookieOf(response.headers) : undefined;
  return { status: response.statusCode, ms, ...(refreshToken === undefined ? {} : { refreshToken }) };
};

export type ChainResult = Measured;

/**
 * `clients` virtual clients, each rotating its own token with the cookie of its previous
 * answer, for `warmupS` (thrown away) then `durationS` (measured). A failed rotation counts
 * as an error and the client signs in again.
 */
export const refreshChains = async (
  apiUrl: string,
  user: Credentials,
  clients: number,
  warmupS: number,
  durationS: number,
): Promise<ChainResult> => {
  const dispatcher = new Agent({ connections: clients });
  try {
    const sessions = await Promise.all(Array.from({ length: clients }, () => login(apiUrl, user, dispatcher)));
    const measureFrom = performance.now() + warmupS * 1000;
    const until = measureFrom + durationS * 1000;
    const latencies: number[] = [];
    let requests = 0;
    let errors = 0;
    const client = async (first: Session): Promise<void> => {
      let token = first.refreshToken;
      while (performance.now() < until) {
        const answer = await refresh(apiUrl, token, dispatcher);
        const measured = performance.now() >= measureFrom && performance.now() <= until;
        if (answer.refreshToken !== undefined) {
          token = answer.refreshToken;
          if (measured) {
            requests += 1;
            latencies.push(answer.ms);
          }
        } else {
          if (measured) errors += 1;
          token = (await login(apiUrl, user, dispatcher)).refreshToken;
        }
      }
    };
    await Promise.all(sessions.map(client));
    return { requests, rps: requests / durationS, ...latencyOf(latencies), errors, durationS };
  } finally {
    await dispatcher.close();
  }
};

export type RaceResult = Readonly<{
  /** Rounds run: all those asked for, unless the time cap came first (a slow store). */
  rounds: number;
  roundsRequested: number;
  concurrency: number;
  /** Rounds in which the answers carried more than one distinct successor. */
  splitRounds: number;
  /** Rounds with at least one failed (non-200) answer, and the failed answers in all. */
  failedRounds: number;
  failedRequests: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  durationS: number;
}>;

/**
 * `concurrency` simultaneous refreshes of one token, `roundsRequested` times. Exactly one may rotate
 * it; the others, inside the grace window, must get that same successor, never a second one
 * and never a failure. Each round races the successor the previous round agreed on. Stops
 * early after `maxSeconds`, so a slow store cannot hold the run for ever.
 */
export const race = async (
  apiUrl: string,
  user: Credentials,
  roundsRequested: number,
  concurrency: number,
  maxSeconds: number,
): Promise<RaceResult> => {
  const dispatcher = new Agent({ connections: concurrency });
  try {
    let token = (await login(apiUrl, user, dispatcher)).refreshToken;
    const latencies: number[] = [];
    let splitRounds = 0;
    let failedRounds = 0;
    let failedRequests = 0;
    const started = performance.now();
    const deadline = started + maxSeconds * 1000;
    let rounds = 0;
    for (; rounds < roundsRequested && performance.now() < deadline; rounds += 1) {
      const answers = await Promise.all(Array.from({ length: concurrency }, () => refresh(apiUrl, token, dispatcher)));
      const successors = new Set(answers.flatMap((answer) => (answer.refreshToken === undefined ? [] : [answer.refreshToken])));
      const failed = answers.filter((answer) => answer.status !== 200 || answer.refreshToken === undefined).length;
      latencies.push(...answers.map((answer) => answer.ms));
      if (successors.size > 1) splitRounds += 1;
      if (failed > 0) failedRounds += 1;
      failedRequests += failed;
      const [successor] = successors;
      token = successor ?? (await login(apiUrl, user, dispatcher)).refreshToken;
    }
    const durationS = (performance.now() - started) / 1000;
    const requests = rounds * concurrency;
    return {
      rounds,
      roundsRequested,
      concurrency,
      splitRounds,
      failedRounds,
      failedRequests,
      requests,
      rps: requests / durationS,
      ...latencyOf(latencies),
      durationS,
    };
  } finally {
    await dispatcher.close();
  }
};
