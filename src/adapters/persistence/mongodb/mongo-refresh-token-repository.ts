import type { AnyBulkWriteOperation, BulkWriteResult, Collection, Db, Filter } from 'mongodb';
import type { EndedSessions } from '../../../application/ports/ended-sessions';
import type { ExpiredTokenPurge } from '../../../application/ports/expired-token-purge';
import type { EndSessionResult, Page, PageRequest, PresentedTokens, RefreshTokenRepository } from '../../../application/ports/refresh-token-repository';
import { RefreshToken, type RefreshTokenProps, type RevokedReason } from '../../../domain/refresh-token';
import { type EndReason, type SessionEnding, tokenReasonOf } from '../../../domain/session-ending';
import { decodeCursor, encodeCursor } from '../page-cursor';
import { REFRESH_TOKENS, SESSION_ENDINGS } from './collections';
import { isDuplicateKey } from './duplicate-key';
import { type Concern, CONCERNS } from './mongo-concerns';

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
  sessionStartedByIp?: string;
  revoked?: Date;
  revokedByIp?: string;
  revokedReason?: RevokedReason;
  replacedBy?: string;
  generation?: number;
  credentialEpoch?: string;
};

/**
 * Beside a session's tokens once it has ended, under the unique `tokenHash` index: where
 * findPresented sees the ending in the same lookup as the tokens. `expires` is the ending's
 * `keepUntil`, so the purge and the TTL index take it away with the ending.
 */
type EndedMarkerDocument = {
  _id: string;
  tokenHash: string;
  familyId: string;
  userId: string;
  expires: Date;
  ended: true;
};

/** The fact that a session ended; `_id` is the session (family) id, so a second ending is refused by the store. */
type SessionEndingDocument = {
  _id: string;
  userId: string;
  at: Date;
  byIp: string;
  reason: EndReason;
  keepUntil: Date;
};

type RevocationFields = Pick<RefreshTokenDocument, 'revoked' | 'revokedByIp' | 'revokedReason' | 'replacedBy'>;

const REVOKED_REASONS: readonly string[] = ['rotated', 'revoked', 'reuse-detected'] satisfies RevokedReason[];
const END_REASONS: readonly string[] = ['revoked', 'reuse-detected', 'session-limit'] satisfies EndReason[];
const UNREVOKED = { revoked: { $exists: false } } as const;
/** Tokens, not the markers of ended sessions that share their collection. */
const TOKENS_ONLY = { ended: { $exists: false } } as const;
/** A marker's key: never a hash (64 hex digits), so no token's lookup meets it. */
const markerKey = (sessionId: string): string => `ended:${sessionId}`;
const isMarker = (document: RefreshTokenDocument | EndedMarkerDocument): document is EndedMarkerDocument => 'ended' in document;

/**
 * Refresh tokens and session endings in MongoDB. Every claim that must be won by one caller only
 * rests on a unique index (a successor's `tokenHash`, a session ending's `_id`), never on a
 * conditional update: FerretDB runs updates as read-then-write, so only its unique indexes are
 * atomic (docs/adr/0003, `npm run probe:store`). Conditional updates here only record facts for
 * the listing and for telling a rotated token from a revoked one; what ends a session for good is
 * its ending, which every refresh reads before it writes (docs/adr/0011).
 */
export class MongoRefreshTokenRepository implements RefreshTokenRepository, EndedSessions, ExpiredTokenPurge {
  private readonly tokens: Collection<RefreshTokenDocument>;
  /** The same collection, as it holds tokens and the markers of ended sessions. */
  private readonly tokensAndMarkers: Collection<RefreshTokenDocument | EndedMarkerDocument>;
  private readonly endings: Collection<SessionEndingDocument>;

  constructor(db: Db) {
    this.tokens = db.collection<RefreshTokenDocument>(REFRESH_TOKENS);
    this.tokensAndMarkers = db.collection<RefreshTokenDocument | EndedMarkerDocument>(REFRESH_TOKENS);
    this.endings = db.collection<SessionEndingDocument>(SESSION_ENDINGS);
  }

  async add(token: RefreshToken): Promise<void> {
    try {
      await this.tokens.insertOne(this.toDocument(token), CONCERNS.addToken);
    } catch (error) {
      // Hashes of 40 random bytes never clash by chance; keep the driver's error inside the adapter.
      throw isDuplicateKey(error) ? new Error('duplicate refresh token hash') : error;
    }
  }

  async findByHash(tokenHash: string): Promise<RefreshToken | null> {
    if (typeof tokenHash !== 'string') return null;
    return this.toDomainOrNull(await this.tokens.findOne({ tokenHash }, CONCERNS.tokenByHash));
  }

  async findPresented(tokenHash: string, successorHash: string, sessionId: string | null): Promise<PresentedTokens> {
    if (typeof tokenHash !== 'string' || typeof successorHash !== 'string') return { token: null, successor: null, sessionEnded: false };
    const keys = [tokenHash, successorHash, ...(typeof sessionId === 'string' ? [markerKey(sessionId)] : [])];
    const documents = await this.tokensAndMarkers.find({ tokenHash: { $in: keys } }, CONCERNS.tokenByHash).toArray();
    const found = (hash: string): RefreshToken | null => {
      const document = documents.find((candidate) => candidate.tokenHash === hash);
      return document === undefined || isMarker(document) ? null : this.toDomain(document);
    };
    const token = found(tokenHash);
    const successor = found(successorHash);
    if (token === null) return { token, successor, sessionEnded: false };
    // A secret that names no session (or, never in practice, another one): the ending apart.
    const sessionEnded =
      token.familyId === sessionId
        ? documents.some((document) => isMarker(document))
        : (await this.endings.findOne({ _id: token.familyId }, { projection: { _id: 1 }, ...CONCERNS.endingOf })) !== null;
    return { token, successor, sessionEnded };
  }

  async findById(id: string): Promise<RefreshToken | null> {
    if (typeof id !== 'string') return null;
    return this.toDomainOrNull(await this.tokens.findOne({ _id: id, ...TOKENS_ONLY }, CONCERNS.tokenById));
  }

  async listByUser(userId: string, page: PageRequest): Promise<Page<RefreshToken>> {
    const after = decodeCursor(page.after);
    const filter: Filter<RefreshTokenDocument> =
      after === null
        ? { userId, ...TOKENS_ONLY }
        : { userId, ...TOKENS_ONLY, $or: [{ created: { $gt: after.created } }, { created: after.created, _id: { $gt: after.id } }] };
    // One more than asked: whether a next page exists, without a count.
    const documents = await this.tokens.find(filter, CONCERNS.listing).sort({ created: 1, _id: 1 }).limit(page.limit + 1).toArray();
    const items = documents.slice(0, page.limit).map((document) => this.toDomain(document));
    const last = items[items.length - 1];
    return documents.length > page.limit && last !== undefined ? { items, next: encodeCursor(last) } : { items };
  }

  async allOfUser(userId: string): Promise<RefreshToken[]> {
    const documents = await this.tokens.find({ userId, ...TOKENS_ONLY }, CONCERNS.tokensOfUser).sort({ created: 1, _id: 1 }).toArray();
    return documents.map((document) => this.toDomain(document));
  }

  async unrevokedOfUser(userId: string): Promise<RefreshToken[]> {
    // Served by the index on { userId, revoked }: the user's rotated tokens are never read. The
    // markers come along (they are never revoked) and leave their sessions out.
    const documents = await this.tokensAndMarkers.find({ userId, ...UNREVOKED }, CONCERNS.listing).toArray();
    const ended = new Set(documents.filter(isMarker).map((marker) => marker.familyId));
    return documents.flatMap((document) => (isMarker(document) || ended.has(document.familyId) ? [] : [this.toDomain(document)]));
  }

  async rotate(rotated: RefreshToken, successor: RefreshToken): Promise<'committed' | 'revoked'> {
    // One `update` command: the successor unless its hash is stored, then the predecessor unless revoked.
    const result = await this.bulkWriteRacing([
      { updateOne: { filter: { tokenHash: successor.tokenHash }, update: { $setOnInsert: this.toDocument(successor) }, upsert: true } },
      { updateOne: { filter: { _id: rotated.id, ...UNREVOKED }, update: { $set: this.revocationFieldsOf(rotated) } } },
    ], CONCERNS.claimRotation);
    if (result.matchedCount + result.upsertedCount === 2) return 'committed';
    // The predecessor was not marked here: by an earlier try of this same rotation (fine), or revoked.
    const stored = await this.tokens.findOne({ _id: rotated.id }, { projection: { revokedReason: 1, replacedBy: 1 }, ...CONCERNS.rotationState });
    if (stored?.revokedReason === 'rotated' && stored.replacedBy === successor.id) return 'committed';
    if (result.upsertedCount === 1) {
      const { revoked, revokedByIp } = this.toDocument(rotated);
      await this.tokens.updateOne({ _id: successor.id, ...UNREVOKED }, { $set: withoutUndefined({ revoked, revokedByIp, revokedReason: 'revoked' as const }) }, CONCERNS.revokeTokens);
    }
    return 'revoked';
  }

  async forgetRotations(sessionId: string, generation: number): Promise<number> {
    // Tokens stored before generations existed count as generation 0.
    const older = { $or: [{ generation: { $lt: generation } }, { generation: { $exists: false } }] };
    return (await this.tokens.deleteMany({ familyId: sessionId, ...TOKENS_ONLY, ...older }, CONCERNS.housekeeping)).deletedCount;
  }

  async endSession(ending: SessionEnding): Promise<EndSessionResult> {
    let ended = true;
    try {
      const { sessionId, ...fields } = ending;
      await this.endings.insertOne({ _id: sessionId, ...fields }, CONCERNS.endSession);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      ended = false;
    }
    // One `update` command: the marker findPresented reads, then the session's tokens revoked.
    const marker: EndedMarkerDocument = {
      _id: markerKey(ending.sessionId),
      tokenHash: markerKey(ending.sessionId),
      familyId: ending.sessionId,
      userId: ending.userId,
      expires: ending.keepUntil,
      ended: true,
    };
    const revoked = await this.bulkWriteRacing([
      { updateOne: { filter: { tokenHash: marker.tokenHash }, update: { $setOnInsert: marker }, upsert: true } },
      {
        updateMany: {
          filter: { familyId: ending.sessionId, ...UNREVOKED, ...TOKENS_ONLY },
          update: { $set: { revoked: ending.at, revokedByIp: ending.byIp, revokedReason: tokenReasonOf(ending.reason) } },
        },
      },
    ], CONCERNS.revokeTokens);
    return { ended, revokedTokens: revoked.modifiedCount };
  }

  async endingOf(sessionId: string): Promise<SessionEnding | null> {
    if (typeof sessionId !== 'string') return null;
    const document = await this.endings.findOne({ _id: sessionId }, CONCERNS.endingOf);
    return document === null ? null : this.toEnding(document);
  }

  async deleteSessions(sessionIds: readonly string[]): Promise<number> {
    if (sessionIds.length === 0) return 0;
    // The sessions' markers stay until their own expiry: still ended, should a token of theirs come by.
    return (await this.tokens.deleteMany({ familyId: { $in: [...sessionIds] }, ...TOKENS_ONLY }, CONCERNS.housekeeping)).deletedCount;
  }

  async endedSince(since: Date): Promise<string[]> {
    const documents = await this.endings.find({ at: { $gte: since } }, { projection: { _id: 1 }, ...CONCERNS.endedSince }).toArray();
    return documents.map((document) => document._id);
  }

  async purgeExpired(before: Date): Promise<number> {
    await this.endings.deleteMany({ keepUntil: { $lt: before } }, CONCERNS.housekeeping);
    await this.tokensAndMarkers.deleteMany({ expires: { $lt: before }, ended: true }, CONCERNS.housekeeping);
    const result = await this.tokens.deleteMany({ expires: { $lt: before }, ...TOKENS_ONLY }, CONCERNS.housekeeping);
    return result.deletedCount;
  }

  /**
   * An ordered bulk write whose first statement upserts under the unique `tokenHash` index. Two
   * callers upserting one key at once may both try the insert; the loser's duplicate-key error
   * stops its bulk before the next statement, so it runs once more, now matching the winner's.
   */
  private async bulkWriteRacing(
    statements: AnyBulkWriteOperation<RefreshTokenDocument | EndedMarkerDocument>[],
    concern: Concern,
  ): Promise<BulkWriteResult> {
    try {
      return await this.tokensAndMarkers.bulkWrite(statements, { ordered: true, ...concern });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return this.tokensAndMarkers.bulkWrite(statements, { ordered: true, ...concern });
    }
  }

  private toEnding(document: SessionEndingDocument): SessionEnding {
    if (!END_REASONS.includes(document.reason)) {
      throw new Error(`session ending ${document._id} has an unknown reason '${document.reason}'`);
    }
    const { _id, ...fields } = document;
    return { sessionId: _id, ...fields };
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
        sessionStartedByIp: document.sessionStartedByIp,
        revoked: document.revoked,
        revokedByIp: document.revokedByIp,
        revokedReason: reason,
        replacedBy: document.replacedBy,
        generation: document.generation,
        credentialEpoch: document.credentialEpoch,
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
        sessionStartedByIp: props.sessionStartedByIp,
        revoked: props.revoked,
        revokedByIp: props.revokedByIp,
        revokedReason: props.revokedReason,
        replacedBy: props.replacedBy,
        generation: props.generation,
        credentialEpoch: props.credentialEpoch,
      }),
    };
  }
}

/** The driver would store an undefined field as null; absent is what the queries expect. */
const withoutUndefined = <T extends Record<string, unknown>>(fields: T): Partial<T> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
