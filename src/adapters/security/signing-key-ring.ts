import type { Clock } from '../../application/ports/clock';
import type { KeySet } from '../../domain/key-set';

export type KeyRingSettings = Readonly<{
  /** The key set is read again (and a due rotation made) on the first use after this long; 0: on every use. */
  refreshSeconds: number;
  /** A token naming a kid we do not know makes us read the key set at most once per this many seconds. */
  unknownKidReloadSeconds: number;
}>;

/**
 * This process's copy of the key set, read through `load` (which also creates a key that is
 * due, whichever instance gets there first). Concurrent readers share one load. A key made
 * or retired by another instance (or the CLI) is seen within `refreshSeconds`.
 */
export class SigningKeyRing {
  private set: KeySet | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private forcedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<KeySet> | undefined;

  constructor(
    private readonly load: () => Promise<KeySet>,
    private readonly clock: Clock,
    private readonly settings: KeyRingSettings,
  ) {}

  /** The key set, read again first when it is older than `refreshSeconds`. */
  async current(): Promise<KeySet> {
    const now = this.clock.now().getTime();
    if (this.set !== undefined && now < this.loadedAt + this.settings.refreshSeconds * 1000) return this.set;
    return this.reload();
  }

  /** For a kid not in the set: reads it again, unless that was done less than `unknownKidReloadSeconds` ago. */
  async afterUnknownKid(): Promise<KeySet> {
    const now = this.clock.now().getTime();
    if (this.set !== undefined && now < this.forcedAt + this.settings.unknownKidReloadSeconds * 1000) return this.set;
    this.forcedAt = now;
    return this.reload();
  }

  private reload(): Promise<KeySet> {
    this.loading ??= (async () => {
      const startedAt = this.clock.now().getTime();
      try {
        this.set = await this.load();
        this.loadedAt = startedAt;
        return this.set;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
