import type { Collection, Db } from 'mongodb';
import type { AddSigningKeyResult, SigningKeys } from '../../../application/ports/signing-keys';
import { type SigningAlgorithm, SigningKey } from '../../../domain/signing-key';
import { SIGNING_KEYS } from './collections';
import { CONCERNS } from './mongo-concerns';
import { isDuplicateKey } from './duplicate-key';

/** A key as stored. `_id` is its generation: the primary key makes `add` atomic per generation. */
type SigningKeyDocument = {
  _id: number;
  kid: string;
  algorithm: string;
  publicJwk: Record<string, string>;
  /** Encrypted (AES-256-GCM); never the plain private key. */
  sealedPrivateKey: string;
  created: Date;
  signsFrom: Date;
  retired: Date | null;
};

const ALGORITHMS: readonly string[] = ['ES256', 'RS256'] satisfies SigningAlgorithm[];

/** The signing keys in MongoDB, shared by every instance on the database. */
export class MongoSigningKeys implements SigningKeys {
  private readonly keys: Collection<SigningKeyDocument>;

  constructor(db: Db) {
    this.keys = db.collection<SigningKeyDocument>(SIGNING_KEYS);
  }

  async list(): Promise<SigningKey[]> {
    // The key set decides which tokens verify: committed keys only, from the primary.
    return (await this.keys.find({}, CONCERNS.signingKeySet).toArray()).map(toDomain);
  }

  async add(key: SigningKey): Promise<AddSigningKeyResult> {
    try {
      await this.keys.insertOne(toDocument(key), CONCERNS.signingKeys);
      return 'added';
    } catch (error) {
      // A kid is a hash of fresh key material: only the generation can clash in practice.
      if (isDuplicateKey(error)) return 'generation-taken';
      throw error;
    }
  }

  async retire(kid: string, at: Date): Promise<SigningKey | null> {
    if (typeof kid !== 'string') return null;
    await this.keys.updateOne({ kid, retired: null }, { $set: { retired: at } }, CONCERNS.signingKeys);
    const stored = await this.keys.findOne({ kid }, CONCERNS.signingKeySet);
    return stored === null ? null : toDomain(stored);
  }
}

const toDocument = (key: SigningKey): SigningKeyDocument => {
  const { generation, publicJwk, ...rest } = key.props;
  return { _id: generation, publicJwk: { ...publicJwk }, ...rest };
};

const toDomain = (document: SigningKeyDocument): SigningKey => {
  const { _id, algorithm, ...rest } = document;
  if (!ALGORITHMS.includes(algorithm)) throw new Error(`signing key ${document.kid}: unknown algorithm ${algorithm}`);
  return SigningKey.restore({ ...rest, generation: _id, algorithm: algorithm as SigningAlgorithm });
};
