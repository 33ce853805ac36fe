import { Agent, request } from 'undici';
import type { LoadResult } from './load';
import { latencyOf } from './stats';

export type PacedOptions = Readonly<{
  url: string;
  headers: Record<string, string>;
  /** Requests per second, evenly spaced. */
  rate: number;
  durationS: number;
}>;

/**
 * An open-loop load at a steady rate: request i leaves at start + i / rate whatever the
 * answers before it, and its latency counts from that scheduled moment, so a stalled server
 * shows in the figures instead of slowing the generator down (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it lets each connection spend its per-second budget at
 * once when the second starts (lib/httpClient.js, rateInterval), so "300 req/s" arrives as a
 * burst of 300 back-to-back requests, and its latencies measure the queue of that burst.
 */
export const pacedLoad = async (options: PacedOptions): Promise<LoadResult> => {
  const dispatcher = new Agent({ connections: 256, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const one = async (scheduled: number): Promise<void> => {
    try {
      const response = await request(options.url, { headers: options.headers, dispatcher });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) latencies.push(performance.now() - scheduled);
      else errors += 1;
    } catch {
      errors += 1;
    }
  };
  try {
    const total = Math.max(1, Math.round(options.rate * options.durationS));
    const interval = 1000 / options.rate;
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      let sent = 0;
      const tick = (): void => {
        const now = performance.now();
        while (sent < total && started + sent * interval <= now) {
          inFlight.push(one(started + sent * interval));
          sent += 1;
        }
        if (sent >= total) resolve();
        else setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
      };
      tick();
    });
    await Promise.all(inFlight);
    const durationS = (performance.now() - started) / 1000;
    return { requests: latencies.length, rps: latencies.length / durationS, ...latencyOf(latencies), errors, durationS };
  } finally {
    await dispatcher.close();
  }
};
