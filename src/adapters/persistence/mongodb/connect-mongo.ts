import { setTimeout as sleep } from 'node:timers/promises';
import { type CommandStartedEvent, MongoClient } from 'mongodb';
import type { Clock } from '../../../application/ports/clock';
import type { Logger } from '../../../application/ports/logger';
import { messageOf } from '../../../domain/lang';
import { MongoRefreshTokenRepository } from './mongo-refresh-token-repository';
import { MongoSigningKeys } from './mongo-signing-keys';
import { checkDeployment, type MongoTopology, refuseUnsafeSettings } from './mongo-deployment';
import { ensureIndexes } from './mongo-indexes';
import { MongoUserRepository } from './mongo-user-repository';
import { MongoTokenPurge, type PurgeMode } from './mongo-token-purge';
import { parseMongoUri } from './mongo-uri';
import { reportingUnreachable } from './unreachable';

export type ConnectMongoOptions = Readonly<{
  /** Each connection attempt is reported here (the server may still be starting), and the purge's set-up. */
  logger?: Logger;
  /** Give up once this much time has gone by since the first attempt. Default 30 s. */
  retryForMs?: number;
  /** Server selection budget of one attempt. Default 2 s. */
  attemptTimeoutMs?: number;
  /** First pause between attempts; doubles after each failure up to maxBackoffMs. Default 250 ms. */
  initialBackoffMs?: number;
  /** Default 5 s. */
  maxBackoffMs?: number;
  /** Deletes refresh tokens this long after they expire (TTL index, else a timer). Omit: never. */
  purge?: Readonly<{ retentionSeconds: number; clock: Clock; intervalMs?: number }>;
  /** Called with every command the driver sends (command monitoring): tests count and inspect them. */
  onCommand?: (event: CommandStartedEvent) => void;
  /** In production a standalone server gets a warning (nothing is replicated). Default false. */
  production?: boolean;
}>;

export type MongoConnection = Readonly<{
  users: MongoUserRepository;
  tokens: MongoRefreshTokenRepository;
  signingKeys: MongoSigningKeys;
  /** What `hello` said at start-up: standalone, replica set or sharded cluster. */
  topology: MongoTopology;
  /** How expired tokens get deleted; 'off' without the purge option. */
  purgeMode: PurgeMode | 'off';
  /** True when the server answers a ping now. Never throws. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}>;

/**
 * Connects (retrying with exponential back-off: the database may start after us), ensures the
 * indexes and hands back the repositories. Throws once `retryForMs` has gone by without success.
 */
export const connectMongo = async (uri: string, options: ConnectMongoOptions = {}): Promise<MongoConnection> => {
  const { hosts, database } = parseMongoUri(uri);
  const client = await connectWithRetry(uri, hosts, options);
  try {
    const topology = await checkDeployment(client, { production: options.production ?? false, hosts, ...loggerOf(options) });
    const db = client.db(database);
    await ensureIndexes(db);
    const users = reportingUnreachable(new MongoUserRepository(db));
    const tokens = reportingUnreachable(new MongoRefreshTokenRepository(db));
    const purge =
      options.purge === undefined ? undefined : new MongoTokenPurge(db, tokens, { ...options.purge, ...loggerOf(options) });
    const purgeMode = purge === undefined ? 'off' : await purge.start();
    return {
      users,
      tokens,
      signingKeys: reportingUnreachable(new MongoSigningKeys(db)),
      topology,
      purgeMode,
      ping: async () => {
        try {
          await db.command({ ping: 1 });
          return true;
        } catch {
          return false;
        }
      },
      close: async () => {
        purge?.stop();
        await client.close();
      },
    };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
};

const loggerOf = (options: ConnectMongoOptions) => (options.logger === undefined ? {} : { logger: options.logger });

const connectWithRetry = async (uri: string, hosts: string, options: ConnectMongoOptions): Promise<MongoClient> => {
  const logger = options.logger;
  const retryForMs = options.retryForMs ?? 30_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  let backoffMs = options.initialBackoffMs ?? 250;
  const deadline = Date.now() + retryForMs;

  for (let attempt = 1; ; attempt += 1) {
    const remaining = Math.max(1, deadline - Date.now());
    let client: MongoClient;
    try {
      client = new MongoClient(uri, {
        serverSelectionTimeoutMS: Math.min(attemptTimeoutMs, remaining),
        monitorCommands: options.onCommand !== undefined,
      });
    } catch (error) {
      // A malformed URI will not get better with time: no retry.
      throw new Error(`invalid MongoDB URI for ${hosts}: ${messageOf(error)}`);
    }
    // Nor will a URI that asks for less durability than a logout needs.
    refuseUnsafeSettings(client, hosts);
    if (options.onCommand !== undefined) client.on('commandStarted', options.onCommand);
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      logger?.info({}, `MongoDB at ${hosts}: connected (attempt ${attempt})`);
      return client;
    } catch (error) {
      await client.close().catch(() => {});
      const pause = Math.min(backoffMs, deadline - Date.now());
      if (pause <= 0) {
        throw new Error(
          `MongoDB at ${hosts} unreachable: gave up after ${attempt} attempt(s) in ${retryForMs} ms (last error: ${messageOf(error)})`,
        );
      }
      logger?.warn({}, `MongoDB at ${hosts}: attempt ${attempt} failed (${messageOf(error)}); retrying in ${pause} ms`);
      await sleep(pause);
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    }
  }
};
