import type { Collection, Db } from 'mongodb';
import type { AddUserResult, UserRepository } from '../../../application/ports/user-repository';
import { isRole } from '../../../domain/role';
import { type CredentialEpoch, User } from '../../../domain/user';
import { usernameKey } from '../../../domain/username';
import { USERS } from './collections';
import { isDuplicateKey } from './duplicate-key';
import { CONCERNS } from './mongo-concerns';

/** A user as stored. `_id` is the domain's string id, so a malformed id is simply not found. */
type UserDocument = {
  _id: string;
  firstName: string;
  lastName: string;
  username: string;
  /** usernameKey(username): unique, what lookups match (FerretDB has no collations to do it). */
  usernameKey: string;
  role: string;
  passwordHash: string;
  /** The user's CredentialEpoch, flat; both absent before the first password change. */
  credentialEpoch?: string;
  epochKeepsSession?: string;
};

/** Users in MongoDB; the unique index on `usernameKey` makes `add` atomic per username, whatever its case. */
export class MongoUserRepository implements UserRepository {
  private readonly users: Collection<UserDocument>;

  constructor(db: Db) {
    this.users = db.collection<UserDocument>(USERS);
  }

  async findById(id: string): Promise<User | null> {
    // A non-string would become a query operator: nothing the store made can match it.
    if (typeof id !== 'string') return null;
    return this.toDomainOrNull(await this.users.findOne({ _id: id }, CONCERNS.userById));
  }

  async findByUsername(username: string): Promise<User | null> {
    if (typeof username !== 'string') return null;
    return this.toDomainOrNull(await this.users.findOne({ usernameKey: usernameKey(username) }, CONCERNS.userByUsername));
  }

  async list(): Promise<User[]> {
    const documents = await this.users.find({}, CONCERNS.listing).sort({ username: 1 }).toArray();
    return documents.map((document) => this.toDomain(document));
  }

  async count(): Promise<number> {
    return this.users.countDocuments({}, CONCERNS.listing);
  }

  async add(user: User): Promise<AddUserResult> {
    try {
      await this.users.insertOne(this.toDocument(user), CONCERNS.addUser);
      return 'added';
    } catch (error) {
      // Ids are 96 random bits, so in practice only the username index can refuse the insert.
      if (isDuplicateKey(error)) return 'username-taken';
      throw error;
    }
  }

  async update(user: User): Promise<boolean> {
    const { _id, ...fields } = this.toDocument(user);
    try {
      const result = await this.users.replaceOne({ _id }, fields, CONCERNS.updateUser);
      return result.matchedCount === 1;
    } catch (error) {
      // The port has no answer for this; keep the driver's error inside the adapter.
      if (isDuplicateKey(error)) throw new Error(`username '${user.username}' belongs to another user`);
      throw error;
    }
  }

  private toDomainOrNull(document: UserDocument | null): User | null {
    return document === null ? null : this.toDomain(document);
  }

  private toDomain(document: UserDocument): User {
    if (!isRole(document.role)) throw new Error(`user ${document._id} has an unknown role '${document.role}'`);
    return User.restore({
      id: document._id,
      firstName: document.firstName,
      lastName: document.lastName,
      username: document.username,
      role: document.role,
      passwordHash: document.passwordHash,
      ...(document.credentialEpoch === undefined ? {} : { credentialEpoch: epochOf(document.credentialEpoch, document.epochKeepsSession) }),
    });
  }

  private toDocument(user: User): UserDocument {
    const props = user.toProps();
    return {
      _id: props.id,
      firstName: props.firstName,
      lastName: props.lastName,
      username: props.username,
      usernameKey: usernameKey(props.username),
      role: props.role,
      passwordHash: props.passwordHash,
      ...(props.credentialEpoch === undefined ? {} : { credentialEpoch: props.credentialEpoch.id }),
      ...(props.credentialEpoch?.keeps === undefined ? {} : { epochKeepsSession: props.credentialEpoch.keeps }),
    };
  }
}

const epochOf = (id: string, keeps: string | undefined): CredentialEpoch => (keeps === undefined ? { id } : { id, keeps });
