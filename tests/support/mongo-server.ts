import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import {
  GenericContainer,
  getContainerRuntimeClient,
  ImageName,
  type StartedTestContainer,
  type WaitStrategy,
} from 'testcontainers';

const MONGO_PORT = 27017;
const READY_WITHIN_MS = 60_000;

/** A MongoDB-compatible server for one describe block. */
export type MongoTestServer = Readonly<{
  /** The server's URI with `database` as its path; credentials and options are kept. */
  uriFor(database: string): string;
  /** A database name no other suite or run uses; dropped in the after hook. */
  freshDatabaseName(): string;
  /** A client for test set-up, connected in the before hook. */
  client(): MongoClient;
}>;

/** The server is pinged by the driver below; the image may have no shell for Testcontainers' port check. */
const containerStarted: WaitStrategy = {
  waitUntilReady: async () => {},
  withStartupTimeout() {
    return this;
  },
  isStartupTimeoutSet: () => false,
  getStartupTimeout: () => READY_WITHIN_MS,
};

/** Thrown when there is no container runtime or no image: the only reasons to skip. */
class Unavailable extends Error {}

const startContainer = async (image: string): Promise<StartedTestContainer> => {
  // Nothing can be pulled here, Ryuk's image included; the after hook stops the container.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const runtime = await getContainerRuntimeClient().catch((error: unknown) => {
    throw new Unavailable(`no container runtime (${String(error)})`);
  });
  try {
    // Default pull policy: a local image (such as ferretdb-local:1.24.2) is used as it is, never pulled.
    return await new GenericContainer(image).withExposedPorts(MONGO_PORT).withWaitStrategy(containerStarted).start();
  } catch (error) {
    if (!(await runtime.image.exists(ImageName.fromString(image)))) {
      throw new Unavailable(`image ${image} is not available and could not be pulled (${String(error)})`);
    }
    throw error;
  }
};

const connectWhenReady = async (uri: string): Promise<MongoClient> => {
  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return client;
    } catch (error) {
      await client.close().catch(() => {});
      if (Date.now() > deadline) throw new Error(`MongoDB test server never answered a ping: ${String(error)}`);
      await sleep(200); // polling a starting server, not waiting for time to pass
    }
  }
};

/** Replaces the database path of a MongoDB URI, keeping hosts, credentials and options. */
const withDatabase = (uri: string, database: string): string => {
  const match = /^([a-z+]+:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/i.exec(uri);
  if (match === null) throw new Error('MONGODB_URI is not a mongodb:// URI');
  return `${match[1]}/${database}${match[2] ?? ''}`;
};

/**
 * Registers before/after hooks in the calling describe. MONGODB_URI, when set, names the server;
 * otherwise a container of MONGO_IMAGE (default mongo:7) is started. Without a runtime or image
 * the suite fails under CI and is skipped, with one line of explanation, elsewhere.
 */
export const useMongoServer = (): MongoTestServer => {
  const runId = randomBytes(4).toString('hex');
  const created: string[] = [];
  let container: StartedTestContainer | undefined;
  let client: MongoClient | undefined;
  let baseUri: string | undefined;

  before(async function () {
    this.timeout(READY_WITHIN_MS + 60_000);
    const given = process.env.MONGODB_URI;
    if (given !== undefined && given !== '') {
      baseUri = given;
    } else {
      const image = process.env.MONGO_IMAGE ?? 'mongo:7';
      try {
        container = await startContainer(image);
      } catch (error) {
        if (!(error instanceof Unavailable)) throw error;
        const needs =
          `${error.message}. MongoDB integration tests need Docker with the ${image} image ` +
          '(or MONGODB_URI of a running server); `npm run test:fast` runs the other tests.';
        // Under CI a missing server is a failure: a silent skip would pass a build that tested nothing.
        if (process.env.CI) throw new Error(needs);
        process.stdout.write(`  Skipped: ${needs}\n`);
        this.skip();
      }
      baseUri = `mongodb://${container.getHost()}:${container.getMappedPort(MONGO_PORT)}/`;
    }
    client = await connectWhenReady(withDatabase(baseUri, 'admin'));
  });

  after(async function () {
    this.timeout(60_000);
    // A shared server outlives us: leave it as we found it. A container goes away whole.
    if (container === undefined) {
      for (const name of created) await client?.db(name).dropDatabase();
    }
    await client?.close();
    await container?.stop();
  });

  return {
    uriFor: (database) => withDatabase(baseUri ?? fail('uriFor'), database),
    freshDatabaseName: () => {
      const name = `test-${runId}-${created.length + 1}`;
      created.push(name);
      return name;
    },
    client: () => client ?? fail('client'),
  };
};

const fail = (what: string): never => {
  throw new Error(`${what}() is only available inside tests of the describe that called useMongoServer()`);
};
