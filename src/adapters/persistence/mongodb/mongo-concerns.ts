import { ReadPreference, type ReadConcernLike, type WriteConcernSettings } from 'mongodb';

/** The options a driver call takes to say how durable a write, or how committed a read, must be. */
export type Concern = Readonly<{
  writeConcern?: WriteConcernSettings;
  readConcern?: ReadConcernLike;
  readPreference?: ReadPreference;
}>;

/** Acknowledged once a majority of the replica set has it in its journal: a fail-over cannot roll it back. */
const DURABLE: Concern = { writeConcern: { w: 'majority', journal: true } };
/** Only what a majority has committed, read on the primary: never a value a fail-over could roll back, never a stale secondary. */
const COMMITTED: Concern = { readConcern: { level: 'majority' }, readPreference: ReadPreference.primary };
/** The deployment's defaults (the URI's): for writes that secure nothing and reads that decide nothing. */
const ORDINARY: Concern = {};

/**
 * Every MongoDB operation of the adapters, with the concern it runs under and why. The one place
 * to look (docs/adr/0008): a new collection (signing keys…) adds its operations here.
 */
export const CONCERNS = {
  // Writes that end, claim or secure something: a rolled-back one brings back what the service said was gone.
  /** A rotation's one write (successor and predecessor's mark): a rolled-back one lets the predecessor rotate again, into a successor the client never saw. */
  claimRotation: DURABLE,
  /** A login's first token: cheap next to its bcrypt check, and a session handed out must not vanish. */
  addToken: DURABLE,
  /** A rolled-back ending revives a session after its logout (or reuse detection) answered. */
  endSession: DURABLE,
  /** The ended session's marker (what a refresh reads) and its tokens marked revoked: a rolled-back one lets the session refresh again. */
  revokeTokens: DURABLE,
  /** A rolled-back user creation loses an account the admin was told exists (and may hand its username to another). */
  addUser: DURABLE,
  /** Password and role changes: a rolled-back one brings back an old password or a removed role. */
  updateUser: DURABLE,
  /** A rolled-back key either vanishes with the tokens it signed or comes back after it was retired. */
  signingKeys: DURABLE,

  // Reads that decide whether a token, a session, a user or a key is valid: committed data from the primary.
  /** Decides whether a presented refresh token rotates, replays or is theft. */
  tokenByHash: COMMITTED,
  /** Decides whether a token listed by id may still be revoked (and what its successor is). */
  tokenById: COMMITTED,
  /** After a rotation's write that did not mark the predecessor: rotated by an earlier try, or revoked meanwhile. */
  rotationState: COMMITTED,
  /** Decides whether a session goes on, for a secret that names no session: it must see every acknowledged ending. */
  endingOf: COMMITTED,
  /** Authorizes every request (the user still exists, with this role); a majority read on the primary costs no extra round trip. */
  userById: COMMITTED,
  /** The password hash a login is checked against: never one a fail-over could take back. */
  userByUsername: COMMITTED,
  /** The signing keys: which tokens verify, and which key signs. */
  signingKeySet: COMMITTED,

  // Reads that only show or count, and housekeeping whose roll-back harms nothing.
  /** Listings shown to admins and users. */
  listing: ORDINARY,
  /** The revocation cache's poll: an ending acknowledged before it is seen anyway; one not yet committed only refuses earlier. */
  endedSince: ORDINARY,
  /** A user's tokens for the session limit: a stale read only trims later. */
  tokensOfUser: ORDINARY,
  /** Deleting old rotations, ended sessions and expired tokens: undone, they only come back as refused tokens. */
  housekeeping: ORDINARY,
} as const satisfies Record<string, Concern>;

export type Operation = keyof typeof CONCERNS;
