import { type Either, left, right } from 'fp-ts/Either';
import { type InvalidToken, invalidToken } from './errors';
import { addSeconds, type SessionPolicy } from './session-policy';

export type RevokedReason = 'rotated' | 'revoked' | 'reuse-detected';

export type RefreshTokenProps = Readonly<{
  id: string;
  userId: string;
  /** Id of the first token of the login: every token rotated from it shares it. */
  familyId: string;
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  tokenHash: string;
  created: Date;
  createdByIp: string;
  userAgent?: string;
  expires: Date;
  /** When the login that started this family happened: caps every expiry of the family. */
  sessionStarted: Date;
  /**
   * The address of that login, carried by every successor so the sessions listing needs only the
   * newest token. Absent on a login token (its createdByIp) and on tokens stored before it existed.
   */
  sessionStartedByIp?: string;
  revoked?: Date;
  revokedByIp?: string;
  revokedReason?: RevokedReason;
  /** Id of the token this one was rotated into. */
  replacedBy?: string;
  /** Rotations since the login: 0 for its first token. Absent (stored before it existed) counts as 0. */
  generation?: number;
  /** The user's credential epoch when this token was issued (domain/user: CredentialEpoch). */
  credentialEpoch?: string;
}>;

export type NewSession = Readonly<{
  id: string;
  userId: string;
  tokenHash: string;
  now: Date;
  ip: string;
  userAgent?: string;
  credentialEpoch?: string;
  policy: SessionPolicy;
}>;

export type Successor = Readonly<{ id: string; tokenHash: string; now: Date; ip: string; userAgent?: string; credentialEpoch?: string }>;
export type Rotation = Readonly<{ rotated: RefreshToken; successor: RefreshToken }>;

/** What presenting this token at a given moment amounts to. */
export type Presentation = 'active' | 'rotated' | 'revoked' | 'expired';

const expiryFrom = (now: Date, sessionStarted: Date, policy: SessionPolicy): Date => {
  const sliding = addSeconds(now, policy.tokenTtlSeconds);
  const cap = addSeconds(sessionStarted, policy.maxLifetimeSeconds);
  return sliding < cap ? sliding : cap;
};

/** A refresh token: one link in the chain of tokens of one login (its family). */
export class RefreshToken {
  private constructor(private readonly props: RefreshTokenProps) {}

  /** The first token of a new login. Its id is the family id. */
  static startSession(input: NewSession): RefreshToken {
    return new RefreshToken({
      id: input.id,
      userId: input.userId,
      familyId: input.id,
      tokenHash: input.tokenHash,
      created: input.now,
      createdByIp: input.ip,
      ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
      expires: expiryFrom(input.now, input.now, input.policy),
      sessionStarted: input.now,
      generation: 0,
      ...(input.credentialEpoch === undefined ? {} : { credentialEpoch: input.credentialEpoch }),
    });
  }

  /**
   * The id of the successor with this hash: its first 24 hex digits (an id's shape), so every
   * caller that stores one rotation, on any instance, stores it under the same id.
   */
  static successorIdFor(tokenHash: string): string {
    return tokenHash.slice(0, 24);
  }

  static restore(props: RefreshTokenProps): RefreshToken {
    return new RefreshToken(props);
  }

  get id(): string { return this.props.id; }
  get userId(): string { return this.props.userId; }
  get familyId(): string { return this.props.familyId; }
  get tokenHash(): string { return this.props.tokenHash; }
  get expires(): Date { return this.props.expires; }
  get created(): Date { return this.props.created; }
  get createdByIp(): string { return this.props.createdByIp; }
  get userAgent(): string | undefined { return this.props.userAgent; }
  get revoked(): Date | undefined { return this.props.revoked; }
  get revokedByIp(): string | undefined { return this.props.revokedByIp; }
  get revokedReason(): RevokedReason | undefined { return this.props.revokedReason; }
  get replacedBy(): string | undefined { return this.props.replacedBy; }
  get sessionStarted(): Date { return this.props.sessionStarted; }
  /** The login's address; undefined only for a successor stored before it was carried along. */
  get sessionStartedByIp(): string | undefined {
    return this.props.sessionStartedByIp ?? (this.generation === 0 ? this.props.createdByIp : undefined);
  }
  get generation(): number { return this.props.generation ?? 0; }
  get credentialEpoch(): string | undefined { return this.props.credentialEpoch; }

  /** Revoked for any reason, rotation included. */
  get isRevoked(): boolean {
    return this.props.revoked !== undefined;
  }

  /**
   * When this token's revocation ended its session early (a logout, an admin, reuse detected);
   * undefined while unrevoked or when it was only rotated, which keeps the session alive.
   */
  get sessionEndedAt(): Date | undefined {
    return this.props.revokedReason === 'rotated' ? undefined : this.props.revoked;
  }

  isExpired(now: Date): boolean {
    return now >= this.props.expires;
  }

  isActive(now: Date): boolean {
    return !this.isRevoked && !this.isExpired(now);
  }

  presentedAt(now: Date): Presentation {
    if (this.props.revokedReason === 'rotated') return 'rotated';
    if (this.isRevoked) return 'revoked';
    return this.isExpired(now) ? 'expired' : 'active';
  }

  /**
   * Replaces this token with its successor: the successor slides the expiry forward,
   * never past the session's maximum lifetime. Only an active token rotates.
   */
  rotate(next: Successor, policy: SessionPolicy): Either<InvalidToken, Rotation> {
    if (!this.isActive(next.now)) return left(invalidToken);
    const successor = new RefreshToken({
      id: next.id,
      userId: this.props.userId,
      familyId: this.props.familyId,
      tokenHash: next.tokenHash,
      created: next.now,
      createdByIp: next.ip,
      ...(next.userAgent === undefined ? {} : { userAgent: next.userAgent }),
      expires: expiryFrom(next.now, this.props.sessionStarted, policy),
      sessionStarted: this.props.sessionStarted,
      ...(this.sessionStartedByIp === undefined ? {} : { sessionStartedByIp: this.sessionStartedByIp }),
      generation: this.generation + 1,
      ...(next.credentialEpoch === undefined ? {} : { credentialEpoch: next.credentialEpoch }),
    });
    const rotated = this.revoke(next.now, next.ip, 'rotated').with({ replacedBy: next.id });
    return right({ rotated, successor });
  }

  /**
   * A rotated token presented again gets its successor again only while the successor is
   * active and the rotation is younger than the grace window (tabs refreshing at once). The
   * window starts when the rotation committed, not when the successor was first stored: a
   * rotation retried after a store outage still gives the other tabs their full window.
   */
  answersReplay(successor: RefreshToken, now: Date, policy: SessionPolicy): boolean {
    const rotatedAt = this.props.revokedReason === 'rotated' ? this.props.revoked : undefined;
    return (
      rotatedAt !== undefined &&
      successor.isActive(now) &&
      now < addSeconds(rotatedAt, policy.reuseGraceSeconds)
    );
  }

  /** This token marked as rotated into `successor` (the stored one, when an earlier try stored it). */
  rotatedInto(successor: RefreshToken, now: Date, ip: string): RefreshToken {
    return this.revoke(now, ip, 'rotated').with({ replacedBy: successor.id });
  }

  /**
   * Below which generation this session's older tokens may be forgotten once this token is
   * stored, or null: every `pruneEvery` rotations, everything but the newest `rotationHistory`.
   */
  forgetsBelow(policy: SessionPolicy): number | null {
    const pruneEvery = Math.max(1, Math.floor(policy.rotationHistory / 2));
    const below = this.generation - policy.rotationHistory + 1;
    return below > 0 && this.generation % pruneEvery === 0 ? below : null;
  }

  revoke(now: Date, ip: string, reason: RevokedReason): RefreshToken {
    return this.with({ revoked: now, revokedByIp: ip, revokedReason: reason });
  }

  /** For the persistence mappers only: everything else asks the questions above. */
  toProps(): RefreshTokenProps {
    return this.props;
  }

  private with(changes: Partial<RefreshTokenProps>): RefreshToken {
    return new RefreshToken({ ...this.props, ...changes });
  }
}
