import type { KeyState, SigningAlgorithm, SigningKey } from './signing-key';

/** The timing of the key lifecycle (docs/adr/0004-signing-key-lifecycle.md). */
export type KeyLifecycle = Readonly<{
  /** How long a key signs before its successor takes over (SIGNING_KEY_ROTATION_DAYS). */
  rotationSeconds: number;
  /** A new key is published at least this long before it signs: the JWKS cache lifetime plus a margin. */
  publicationSeconds: number;
  /** A key stays published this long after it stopped signing: the access-token lifetime plus clock skew. */
  tokenLifetimeSeconds: number;
}>;

/** The next key to create: its generation (claimed in the store) and when it starts signing. */
export type KeyPlan = Readonly<{ generation: number; signsFrom: Date }>;

const plus = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

/**
 * Every stored key, and what the lifecycle makes of them at a given time. A key signs from its
 * `signsFrom` until the next live (not retired) key of a later generation starts; it stays
 * published until the tokens it signed have expired.
 */
export class KeySet {
  /** Oldest generation first. */
  readonly keys: readonly SigningKey[];

  constructor(keys: readonly SigningKey[], private readonly lifecycle: KeyLifecycle) {
    this.keys = [...keys].sort((a, b) => a.generation - b.generation);
  }

  /**
   * When the key stops signing: when its successor takes over; null while it has none. A later
   * key retired before it ever signed took nothing over; one retired after it did still ended
   * this key's turn (so retiring it does not bring an older key back).
   */
  private signsUntil(key: SigningKey): Date | null {
    const successor = this.keys.find((other) => other.generation > key.generation && other.hasTakenOver);
    return successor === undefined ? null : successor.signsFrom;
  }

  stateOf(key: SigningKey, now: Date): KeyState {
    if (key.isRetired) return 'retired';
    const until = this.signsUntil(key);
    if (until !== null && now >= plus(until, this.lifecycle.tokenLifetimeSeconds)) return 'expired';
    if (now < key.signsFrom) return 'next';
    return until === null || now < until ? 'signing' : 'verifying';
  }

  /** The key that signs now; undefined when none may (no key yet, or the last one was retired). */
  signer(now: Date): SigningKey | undefined {
    return this.keys.find((key) => this.stateOf(key, now) === 'signing');
  }

  private isPublished(key: SigningKey, now: Date): boolean {
    const state = this.stateOf(key, now);
    return state === 'next' || state === 'signing' || state === 'verifying';
  }

  /** The keys verifiers may need now: in the JWKS, and accepted here. */
  published(now: Date): readonly SigningKey[] {
    return this.keys.filter((key) => this.isPublished(key, now));
  }

  /** A published key by kid: undefined for an unknown, retired or expired one. */
  verifier(kid: string, now: Date): SigningKey | undefined {
    const key = this.keys.find((candidate) => candidate.kid === kid);
    return key !== undefined && this.isPublished(key, now) ? key : undefined;
  }

  private nextGeneration(): number {
    return (this.keys.at(-1)?.generation ?? 0) + 1;
  }

  /**
   * The key to create now, if one is due: at once when nothing may sign; otherwise when the
   * newest live key has signed (or will have) long enough that its successor must be published
   * now to take over on time. Undefined when nothing is due.
   */
  due(now: Date): KeyPlan | undefined {
    if (this.signer(now) === undefined) return { generation: this.nextGeneration(), signsFrom: now };
    const newest = this.keys.filter((key) => !key.isRetired).at(-1);
    if (newest === undefined) return { generation: this.nextGeneration(), signsFrom: now };
    const handOver = plus(newest.signsFrom, this.lifecycle.rotationSeconds);
    if (now < plus(handOver, -this.lifecycle.publicationSeconds)) return undefined;
    const earliest = plus(now, this.lifecycle.publicationSeconds);
    return { generation: this.nextGeneration(), signsFrom: handOver > earliest ? handOver : earliest };
  }

  /** An operator's rotation: a new key now, signing after the publication delay, or at once. */
  rotation(now: Date, immediately: boolean): KeyPlan {
    return { generation: this.nextGeneration(), signsFrom: immediately ? now : plus(now, this.lifecycle.publicationSeconds) };
  }
}

/** How the service signs: the algorithm of new keys and their lifecycle. */
export type SigningPolicy = KeyLifecycle & Readonly<{ algorithm: SigningAlgorithm }>;
