import type { Clock } from '../../application/ports/clock';
import type { EndedSessions } from '../../application/ports/ended-sessions';
import type { RevokedSessions } from '../../application/ports/revoked-sessions';

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
 * The revoked sessions as of the last poll of the token store, polled again on the first
 * question after `lagSeconds` have passed on the clock. A request therefore costs no store
 * query, except one request per lag period; concurrent questions share one poll. Every
 * instance polls for itself, so a revocation made on any instance reaches all of them within
 * the lag. Memory stays small: a session is forgotten once its access tokens have expired.
 */
export class InProcessRevokedSessions implements RevokedSessions {
  /** Revoked session id → when (ms) it may be forgotten. */
  private readonly revoked = new Map<string, number>();
  private lastPoll: Date | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly endings: EndedSessions,
    private readonly clock: Clock,
    private readonly settings: RevocationCacheSettings,
  ) {}

  async isRevoked(sessionId: string): Promise<boolean> {
    if (this.isStale(this.clock.now())) await this.refresh();
    return this.revoked.has(sessionId);
  }

  /** For metrics: how many sessions are refused now, and when the store was last polled (never: undefined). */
  snapshot(): Readonly<{ size: number; lastPoll: Date | undefined }> {
    return { size: this.revoked.size, lastPoll: this.lastPoll };
  }

  /** Polls now (or joins the poll under way). Called at start-up, so the first requests find the cache warm. */
  refresh(): Promise<void> {
    this.polling ??= this.poll().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
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
