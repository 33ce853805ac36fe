import { type Db, MongoServerError } from 'mongodb';
import type { ExpiredTokenPurge } from '../../../application/ports/expired-token-purge';
import { PeriodicPurge, type PeriodicPurgeOptions } from '../periodic-purge';
import { REFRESH_TOKENS } from './collections';

/** 'ttl': the server deletes expired tokens itself. 'periodic': a timer here calls purgeExpired. */
export type PurgeMode = 'ttl' | 'periodic';

export type TokenPurgeOptions = PeriodicPurgeOptions;

const NOT_IMPLEMENTED = 238;
const COMMAND_NOT_SUPPORTED = 115;
const INDEX_OPTIONS_CONFLICT = 85;
const TTL_INDEX = 'expires_ttl';
const PLAIN_INDEX = 'expires';

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
  private readonly periodic: PeriodicPurge;

  constructor(
    private readonly db: Db,
    tokens: ExpiredTokenPurge,
    private readonly options: TokenPurgeOptions,
  ) {
    this.periodic = new PeriodicPurge(tokens, options);
  }

  /** Sets up the index on `expires` (idempotent) and, without TTL support, the timer. */
  async start(): Promise<PurgeMode> {
    const log = (message: string): void => this.options.logger?.info({}, message);
    if (await this.tryTtlIndex()) {
      log(`refresh tokens: TTL index deletes them ${this.options.retentionSeconds}s after expiry`);
      return 'ttl';
    }
    await this.collection().createIndex({ expires: 1 }, { name: PLAIN_INDEX });
    this.periodic.start();
    log(`refresh tokens: no TTL index on this server; purging every ${this.periodic.intervalMs} ms instead`);
    return 'periodic';
  }

  /** One periodic pass: deletes the tokens whose retention has run out. */
  purgeNow(): Promise<number> {
    return this.periodic.purgeNow();
  }

  stop(): void {
    this.periodic.stop();
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
