import { type Db, MongoServerError } from 'mongodb';
import type { Clock } from '../../../application/ports/clock';
import type { RefreshTokenRepository } from '../../../application/ports/refresh-token-repository';
import { REFRESH_TOKENS } from './collections';

/** 'ttl': the server deletes expired tokens itself. 'periodic': a timer here calls purgeExpired. */
export type PurgeMode = 'ttl' | 'periodic';

/** Runs `task` every `intervalMs` until stopped; injectable so tests drive ticks by hand and await them. */
export type Scheduler = (task: () => Promise<void>, intervalMs: number) => { stop(): void };

export type TokenPurgeOptions = Readonly<{
  /** How long a token is kept after it expires (replay and audit trail) before it is deleted. */
  retentionSeconds: number;
  clock: Clock;
  /** How often the periodic fallback purges. Default: one hour. */
  intervalMs?: number;
  log?: (message: string) => void;
  schedule?: Scheduler;
}>;

const NOT_IMPLEMENTED = 238;
const COMMAND_NOT_SUPPORTED = 115;
const INDEX_OPTIONS_CONFLICT = 85;
const TTL_INDEX = 'expires_ttl';
const PLAIN_INDEX = 'expires';

/** setInterval that does not keep the process alive for the purge's sake. */
export const unrefInterval: Scheduler = (task, intervalMs) => {
  const timer = setInterval(() => void task(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};

/** FerretDB refuses TTL indexes with 'not implemented'; that, and only that, selects the fallback. */
const isUnsupported = (error: unknown): boolean =>
  error instanceof MongoServerError &&
  (error.code === NOT_IMPLEMENTED ||
    error.code === COMMAND_NOT_SUPPORTED ||
    /not (yet )?(implemented|supported)/i.test(error.message));

const isOptionsConflict = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === INDEX_OPTIONS_CONFLICT;

/**
 * Deletes refresh tokens `retentionSeconds` after they expire: by a TTL index where the server
 * has them, else by a periodic purgeExpired(now - retention). Both delete the same tokens.
 */
export class MongoTokenPurge {
  private timer: { stop(): void } | undefined;

  constructor(
    private readonly db: Db,
    private readonly tokens: Pick<RefreshTokenRepository, 'purgeExpired'>,
    private readonly options: TokenPurgeOptions,
  ) {}

  /** Sets up the index on `expires` (idempotent) and, without TTL support, the timer. */
  async start(): Promise<PurgeMode> {
    const log = this.options.log ?? (() => {});
    if (await this.tryTtlIndex()) {
      log(`refresh tokens: TTL index deletes them ${this.options.retentionSeconds}s after expiry`);
      return 'ttl';
    }
    await this.collection().createIndex({ expires: 1 }, { name: PLAIN_INDEX });
    const intervalMs = this.options.intervalMs ?? 60 * 60 * 1000;
    const schedule = this.options.schedule ?? unrefInterval;
    this.stop();
    // A failed pass is logged and retried at the next tick: the purge is housekeeping, not correctness.
    this.timer = schedule(async () => {
      await this.purgeNow().catch((error: unknown) => log(`refresh token purge failed: ${String(error)}`));
    }, intervalMs);
    log(`refresh tokens: no TTL index on this server; purging every ${intervalMs} ms instead`);
    return 'periodic';
  }

  /** One periodic pass: deletes the tokens whose retention has run out. */
  purgeNow(): Promise<number> {
    const cutoff = new Date(this.options.clock.now().getTime() - this.options.retentionSeconds * 1000);
    return this.tokens.purgeExpired(cutoff);
  }

  stop(): void {
    this.timer?.stop();
    this.timer = undefined;
  }

  private async tryTtlIndex(): Promise<boolean> {
    const expireAfterSeconds = this.options.retentionSeconds;
    try {
      await this.collection().createIndex({ expires: 1 }, { name: TTL_INDEX, expireAfterSeconds });
      return true;
    } catch (error) {
      if (isUnsupported(error)) return false;
      if (!isOptionsConflict(error)) throw error;
    }
    // An index on `expires` exists with another retention: change it in place rather than rebuild it.
    await this.db.command({ collMod: REFRESH_TOKENS, index: { keyPattern: { expires: 1 }, expireAfterSeconds } });
    return true;
  }

  private collection() {
    return this.db.collection(REFRESH_TOKENS);
  }
}
