import type { Document, MongoClient, MongoOptions } from 'mongodb';
import type { Logger } from '../../../application/ports/logger';

/** What `hello` said the service is talking to. */
export type MongoTopology = 'standalone' | 'replica-set' | 'sharded';

/** Refused at start-up: settings under which an acknowledged logout or rotation could be rolled back. */
export class UnsafeMongoSettings extends Error {}

/** `hello` of a mongos says 'isdbgrid'; a replica-set member names its set; anything else stands alone. */
export const topologyOf = (hello: Document): MongoTopology => {
  if (hello.msg === 'isdbgrid') return 'sharded';
  if (typeof hello.setName === 'string') return 'replica-set';
  return 'standalone';
};

/**
 * The URI's settings this service cannot work under, as sentences; empty when none. The
 * security-critical operations set their own concerns (mongo-concerns.ts), but a URI asking for
 * less says the operator expects less: refusing it is clearer than silently overriding it.
 */
export const unsafeSettingsOf = (options: Pick<MongoOptions, 'writeConcern' | 'readPreference'>): string[] => {
  const reasons: string[] = [];
  const w = options.writeConcern?.w;
  if (w === 0 || w === 1) {
    reasons.push(`w=${w} acknowledges a write before a majority has it, so a fail-over can undo a logout, a rotation claim or a password change`);
  }
  if (options.writeConcern?.journal === false) {
    reasons.push('journal=false acknowledges a write before it is on disk, so a crash can undo a logout, a rotation claim or a password change');
  }
  const mode = options.readPreference.mode;
  if (mode !== 'primary') {
    reasons.push(`readPreference=${mode} may read a secondary that has not yet seen a logout or a rotation`);
  }
  return reasons;
};

/** Throws UnsafeMongoSettings naming every unsafe setting of the URI (never the URI: it may hold a password). */
export const refuseUnsafeSettings = (client: MongoClient, hosts: string): void => {
  const reasons = unsafeSettingsOf(client.options);
  if (reasons.length > 0) {
    throw new UnsafeMongoSettings(
      `MONGODB_URI for ${hosts} is refused: ${reasons.join('; ')}. Remove these options (the service sets w:'majority', ` +
        "j:true and readConcern 'majority' on the primary itself where it matters; docs/adr/0008).",
    );
  }
};

export const STANDALONE_WARNING =
  "MongoDB is a standalone server, not a replica set: w:'majority' is then this one server alone, so an acknowledged " +
  'logout, rotation claim, password change or signing key is only as safe as its disk, with no copy to fail over to ' +
  '(a restore from backup brings ended sessions back). Run a replica set (or Atlas) in production.';

/**
 * Reads `hello` once. A replica set or a sharded cluster: go on. A standalone server: go on,
 * with one warning in production saying what is then not guaranteed.
 */
export const checkDeployment = async (
  client: MongoClient,
  settings: Readonly<{ production: boolean; hosts: string; logger?: Logger }>,
): Promise<MongoTopology> => {
  const topology = topologyOf(await client.db('admin').command({ hello: 1 }));
  if (topology === 'standalone' && settings.production) settings.logger?.warn({ topology }, STANDALONE_WARNING);
  else settings.logger?.info({ topology }, `MongoDB at ${settings.hosts}: ${topology}`);
  return topology;
};
