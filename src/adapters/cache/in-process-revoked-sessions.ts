import type { Clock } from '../../application/ports/clock';
import type { EndedSessions } from '../../application/ports/ended-sessions';
import type { Logger } from '../../application/ports/logger';
import type { RevokedSessions } from '../../application/ports/revoked-sessions';

/** Runs `task` every `intervalMs` until stopped; tests pass one they tick by hand. */
export type Scheduler = (task: () => void, intervalMs: number) => { stop(): void };

/** A timer that does not keep the process alive for the cache's sake. */
const unrefInterval: Scheduler = (task, intervalMs) => {
  const timer = setInterval(task, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};

export type RevocationCacheOptions = Readonly<{
  /** Where a failed background poll is reported (it is retried at the next tick). */
  logger?: Logger;
  /** Default: an unref'd setInterval. */
  schedule?: Scheduler;
}>;

export type RevocationCacheSettings = Readonly<{
  /** At most this long from a revocation being stored to its access tokens being refused; 0 asks the store every time. */
  lagSeconds: number;
  /** Access tokens live this long: a session revoked longer ago has none left to refuse. */
  accessTokenTtlSeconds: number;
}>;

/**
 * Each poll looks this far before the previous one too, so a revocation written by another
 * instance whose clock is behind ours, or committed while we were polling, is not missed.
 */
export const POLL_OVERLAP_SECONDS = 60;

const seconds = (value: number): number => value * 1000;

/**
 * The revoked sessions as of the last poll of the store's session endings. Polled in the
 * background (stale-while-revalidate): a timer every half lag, and a question that finds the
 * last poll older than the lag starts one too, but never waits for it; concurrent starts share
 * one poll. A request therefore never waits on the store here (except with a lag of 0, which
 * asks the store on every question by configuration). Every instance polls for itself, so a
 * revocation made on any instance reaches all of them within the lag while the store answers
 * polls; while it does not, the last answer is served and the failure logged. Memory stays
 * small: a session is forgotten once its access tokens have expired.
 */
export class InProcessRevokedSessions implements RevokedSessions {
  /** Revoked session id → when (ms) it may be forgotten. */
  private readonly revoked = new Map<string, number>();
  private lastPoll: Date | undefined;
  private polling: Promise<void> | undefined;
  private timer: { stop(): void } | undefined;

  constructor(
    private readonly endings: EndedSessions,
    private readonly clock: Clock,
    private readonly settings: RevocationCacheSettings,
    private readonly options: RevocationCacheOptions = {},
  ) {}

  async isRevoked(sessionId: string): Promise<boolean> {
    if (this.settings.lagSeconds === 0) await this.refresh();
    else if (this.isStale(this.clock.now())) this.revalidate();
    return this.revoked.has(sessionId);
  }

  /** For metrics: how many sessions are refused now, and when the store was last polled (never: undefined). */
  snapshot(): Readonly<{ size: number; lastPoll: Date | undefined }> {
    return { size: this.revoked.size, lastPoll: this.lastPoll };
  }

  /** Starts the background polls: every half lag, so the answers stay within the lag. No timer with a lag of 0. */
  start(): void {
    this.stop();
    if (this.settings.lagSeconds === 0) return;
    const schedule = this.options.schedule ?? unrefInterval;
    this.timer = schedule(() => this.revalidate(), seconds(this.settings.lagSeconds) / 2);
  }

  stop(): void {
    this.timer?.stop();
    this.timer = undefined;
  }

  /** A poll in the background: nobody waits for it, a failure is logged and the next tick tries again. */
  private revalidate(): void {
    this.refresh().catch((error: unknown) => this.options.logger?.error({ err: error }, 'revoked-sessions poll failed; serving the last answer'));
  }

  /** Polls now (or joins the poll under way). Awaited at start-up, so the first requests find the cache warm. */
  refresh(): Promise<void> {
    this.polling ??= this.poll().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** Resolves once the poll under way, if any, has ended (whatever its outcome). */
  async settled(): Promise<void> {
    await this.polling?.catch(() => undefined);
  }

  private isStale(now: Date): boolean {
    return this.lastPoll === undefined || now.getTime() >= this.lastPoll.getTime() + seconds(this.settings.lagSeconds);
  }

  private async poll(): Promise<void> {
    const now = this.clock.now().getTime();
    const lookBack = this.lastPoll === undefined ? now - seconds(this.settings.accessTokenTtlSeconds) : this.lastPoll.getTime();
    const families = await this.endings.endedSince(new Date(lookBack - seconds(POLL_OVERLAP_SECONDS)));
    // Its access tokens were issued before the revocation: all expired by then, give or take the overlap.
    const forgetAt = now + seconds(this.settings.accessTokenTtlSeconds + POLL_OVERLAP_SECONDS);
    for (const family of families) if (!this.revoked.has(family)) this.revoked.set(family, forgetAt);
    for (const [family, at] of this.revoked) if (at <= now) this.revoked.delete(family);
    this.lastPoll = new Date(now);
  }
}
