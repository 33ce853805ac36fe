import type { Collection, Db } from 'mongodb';
import type { EndedSessions } from '../../../application/ports/ended-sessions';
import type { ExpiredTokenPurge } from '../../../application/ports/expired-token-purge';
import type { RefreshTokenRepository, RotateResult } from '../../../application/ports/refresh-token-repository';
import { RefreshToken, type RefreshTokenProps, type RevokedReason } from '../../../domain/refresh-token';
import { REFRESH_TOKENS } from './collections';
import { isDuplicateKey } from './duplicate-key';

/** A refresh token as stored. Optional fields are absent, never null, so `$exists` finds the unrevoked. */
type RefreshTokenDocument = {
  _id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  created: Date;
  createdByIp: string;
  userAgent?: string;
  expires: Date;
  sessionStarted: Date;
  revoked?: Date;
  revokedByIp?: string;
  revokedReason?: RevokedReason;
  replacedBy?: string;
};

type RevocationFields = Pick<RefreshTokenDocument, 'revoked' | 'revokedByIp' | 'revokedReason' | 'replacedBy'>;

const REVOKED_REASONS: readonly string[] = ['rotated', 'revoked', 'reuse-detected'] satisfies RevokedReason[];
const UNREVOKED = { revoked: { $exists: false } } as const;

/**
 * Refresh tokens in MongoDB. Every claim that must be won by one caller only rests on the
 * unique index on `tokenHash`, never on a conditional update: FerretDB runs updates as
 * read-then-write, so only its unique indexes are atomic (docs/adr/0003).
 */
export class MongoRefreshTokenRepository implements RefreshTokenRepository, EndedSessions, ExpiredTokenPurge {
  private readonly tokens: Collection<RefreshTokenDocument>;

  constructor(db: Db) {
    this.tokens = db.collection<RefreshTokenDocument>(REFRESH_TOKENS);
  }

  async add(token: RefreshToken): Promise<void> {
    try {
      await this.tokens.insertOne(this.toDocument(token));
    } catch (error) {
      // Hashes of 40 random bytes never clash by chance; keep the driver's error inside the adapter.
      if (isDuplicateKey(error)) throw new Error('duplicate refresh token hash');
      throw error;
    }
  }

  async findByHash(tokenHash: string): Promise<RefreshToken | null> {
    if (typeof tokenHash !== 'string') return null;
    return this.toDomainOrNull(await this.tokens.findOne({ tokenHash }));
  }

  async findById(id: string): Promise<RefreshToken | null> {
    if (typeof id !== 'string') return null;
    return this.toDomainOrNull(await this.tokens.findOne({ _id: id }));
  }

  async listByUser(userId: string): Promise<RefreshToken[]> {
    const documents = await this.tokens.find({ userId }).sort({ created: 1, _id: 1 }).toArray();
    return documents.map((document) => this.toDomain(document));
  }

  /**
   * The successor's hash is derived from the predecessor's secret, so inserting it is the claim:
   * the unique index lets exactly one insert through. Only the winner then marks the predecessor.
   * A crash between the two writes leaves the successor stored and the predecessor unmarked;
   * a retry of the same secret then answers 'already-rotated' and the caller serves the successor.
   */
  async rotate(rotated: RefreshToken, successor: RefreshToken): Promise<RotateResult> {
    try {
      await this.tokens.insertOne(this.toDocument(successor));
    } catch (error) {
      if (isDuplicateKey(error)) return 'already-rotated';
      throw error;
    }
    // Only an unrevoked predecessor is marked rotated: a revocation that came first wins, and
    // the successor just stored is revoked with it rather than left alive.
    const claimed = await this.tokens.updateOne(
      { _id: rotated.id, ...UNREVOKED },
      { $set: this.revocationFieldsOf(rotated) },
    );
    if (claimed.matchedCount === 1) return 'rotated';
    await this.writeRevocation(successor.revoke(successor.created, successor.createdByIp, 'revoked'));
    return 'predecessor-revoked';
  }

  async revokeFamily(familyId: string, at: Date, byIp: string, reason: RevokedReason): Promise<number> {
    const result = await this.tokens.updateMany(
      { familyId, ...UNREVOKED },
      { $set: { revoked: at, revokedByIp: byIp, revokedReason: reason } },
    );
    return result.modifiedCount;
  }

  async revokeAllOfUser(userId: string, at: Date, byIp: string, reason: RevokedReason): Promise<string[]> {
    // Read the families first: updateMany does not say which documents it changed.
    const unrevoked = await this.tokens
      .find({ userId, ...UNREVOKED }, { projection: { familyId: 1 } })
      .toArray();
    if (unrevoked.length === 0) return [];
    const result = await this.tokens.updateMany(
      { userId, ...UNREVOKED },
      { $set: { revoked: at, revokedByIp: byIp, revokedReason: reason } },
    );
    return result.modifiedCount === 0 ? [] : [...new Set(unrevoked.map((document) => document.familyId))];
  }

  async endedSince(since: Date): Promise<string[]> {
    const documents = await this.tokens
      .find({ revoked: { $gte: since }, revokedReason: { $ne: 'rotated' } }, { projection: { familyId: 1 } })
      .toArray();
    return [...new Set(documents.map((document) => document.familyId))];
  }

  async purgeExpired(before: Date): Promise<number> {
    const result = await this.tokens.deleteMany({ expires: { $lt: before } });
    return result.deletedCount;
  }

  /** Sets only the revocation fields: the rest of a stored token never changes. */
  private async writeRevocation(token: RefreshToken): Promise<void> {
    const fields = this.revocationFieldsOf(token);
    if (Object.keys(fields).length === 0) return;
    await this.tokens.updateOne({ _id: token.id }, { $set: fields });
  }

  private revocationFieldsOf(token: RefreshToken): RevocationFields {
    const { revoked, revokedByIp, revokedReason, replacedBy } = this.toDocument(token);
    return withoutUndefined({ revoked, revokedByIp, revokedReason, replacedBy });
  }

  private toDomainOrNull(document: RefreshTokenDocument | null): RefreshToken | null {
    return document === null ? null : this.toDomain(document);
  }

  private toDomain(document: RefreshTokenDocument): RefreshToken {
    const reason = document.revokedReason;
    if (reason !== undefined && !REVOKED_REASONS.includes(reason)) {
      throw new Error(`refresh token ${document._id} has an unknown revokedReason '${reason}'`);
    }
    const props: RefreshTokenProps = {
      id: document._id,
      userId: document.userId,
      familyId: document.familyId,
      tokenHash: document.tokenHash,
      created: document.created,
      createdByIp: document.createdByIp,
      expires: document.expires,
      sessionStarted: document.sessionStarted,
      ...withoutUndefined({
        userAgent: document.userAgent,
        revoked: document.revoked,
        revokedByIp: document.revokedByIp,
        revokedReason: reason,
        replacedBy: document.replacedBy,
      }),
    };
    return RefreshToken.restore(props);
  }

  private toDocument(token: RefreshToken): RefreshTokenDocument {
    const props = token.toProps();
    return {
      _id: props.id,
      userId: props.userId,
      familyId: props.familyId,
      tokenHash: props.tokenHash,
      created: props.created,
      createdByIp: props.createdByIp,
      expires: props.expires,
      sessionStarted: props.sessionStarted,
      ...withoutUndefined({
        userAgent: props.userAgent,
        revoked: props.revoked,
        revokedByIp: props.revokedByIp,
        revokedReason: props.revokedReason,
        replacedBy: props.replacedBy,
      }),
    };
  }
}

/** The driver would store an undefined field as null; absent is what the queries expect. */
const withoutUndefined = <T extends Record<string, unknown>>(fields: T): Partial<T> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
