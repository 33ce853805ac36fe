import type { Clock } from '../../application/ports/clock';
import type { ExpiredTokenPurge } from '../../application/ports/expired-token-purge';
import type { Logger } from '../../application/ports/logger';

/** Runs `task` every `intervalMs` until stopped; injectable so tests drive ticks by hand and await them. */
export type Scheduler = (task: () => Promise<void>, intervalMs: number) => { stop(): void };

/** setInterval that does not keep the process alive for the purge's sake. */
export const unrefInterval: Scheduler = (task, intervalMs) => {
  const timer = setInterval(() => void task(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};

export const HOURLY_MS = 60 * 60 * 1000;

export type PeriodicPurgeOptions = Readonly<{
  /** How long a token is kept after it expires (replay and audit trail) before it is deleted. */
  retentionSeconds: number;
  clock: Clock;
  /** Default: one hour. */
  intervalMs?: number;
  logger?: Logger;
  schedule?: Scheduler;
}>;

/**
 * Deletes the tokens whose retention has run out, on a timer. Housekeeping, not correctness: a
 * failed pass is logged and tried again at the next tick.
 */
export class PeriodicPurge {
  private timer: { stop(): void } | undefined;

  constructor(
    private readonly target: ExpiredTokenPurge,
    private readonly options: PeriodicPurgeOptions,
  ) {}

  get intervalMs(): number {
    return this.options.intervalMs ?? HOURLY_MS;
  }

  start(): void {
    this.stop();
    const schedule = this.options.schedule ?? unrefInterval;
    this.timer = schedule(async () => {
      await this.purgeNow().catch((error: unknown) => this.options.logger?.error({ err: error }, 'refresh token purge failed'));
    }, this.intervalMs);
  }

  /** One pass: deletes the tokens that expired more than the retention ago. */
  purgeNow(): Promise<number> {
    const cutoff = new Date(this.options.clock.now().getTime() - this.options.retentionSeconds * 1000);
    return this.target.purgeExpired(cutoff);
  }

  stop(): void {
    this.timer?.stop();
    this.timer = undefined;
  }
}
