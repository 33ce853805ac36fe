/**
 * What a MongoDB-protocol server offers that a shorter refresh would need (README, Performance):
 * reading a token with its user in one command ($lookup, $unionWith), and a conditional update
 * that exactly one of many concurrent callers wins. Unique-index inserts are probed the same way,
 * as the control: the rotation claim rests on them (docs/adr/0003). And what the one lookup of a
 * refresh costs there: three keys under a unique index with `$in`, against one key.
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27027/probe npm run probe:store
 *
 * Writes to collections of its own (`storeProbe`, `storeProbeClaims`) in that database and drops
 * them at the end.
 */
import { type Collection, MongoClient } from 'mongodb';

const CALLERS = 20;
const ROUNDS = 50;
/** Documents under the unique index for the lookup timing, and lookups timed of each kind. */
const INDEXED = 1_000;
const LOOKUPS = 30;

type ProbeDocument = { _id: string; state?: string };
type ClaimDocument = { _id: string; key: string };

const medianMs = async (run: (i: number) => Promise<unknown>): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 100) / 100;
};

const supports = async (run: () => Promise<unknown>): Promise<string> => {
  try {
    await run();
    return 'supported';
  } catch (error) {
    return `refused: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
};

/** Rounds in which more than one of CALLERS concurrent callers won a claim meant for one. */
const racedRounds = async (prepare: (round: number) => Promise<unknown>, claim: (round: number, caller: number) => Promise<boolean>): Promise<number> => {
  let split = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    await prepare(round);
    const won = await Promise.all(Array.from({ length: CALLERS }, (_, caller) => claim(round, caller)));
    if (won.filter(Boolean).length > 1) split += 1;
  }
  return split;
};

/** Median ms of a lookup by one key and of one by three keys with `$in`, among INDEXED documents. */
const lookupTimes = async (claims: Collection<ClaimDocument>): Promise<Record<string, number>> => {
  await claims.insertMany(Array.from({ length: INDEXED }, (_, i) => ({ _id: `indexed-${i}`, key: `indexed-${i}` })));
  return {
    [`lookupOneKeyMedianMs (of ${INDEXED})`]: await medianMs((i) => claims.findOne({ key: `indexed-${i}` })),
    [`lookupThreeKeysInMedianMs (of ${INDEXED})`]: await medianMs((i) => claims.find({ key: { $in: [`indexed-${i}`, `indexed-${i + 1}`, 'absent'] } }).toArray()),
  };
};

const main = async (): Promise<void> => {
  const uri = process.env.MONGODB_URI;
  if (uri === undefined) throw new Error('set MONGODB_URI (README, Performance)');
  const client = await MongoClient.connect(uri, { maxPoolSize: CALLERS });
  const db = client.db();
  const collection = db.collection<ProbeDocument>('storeProbe');
  const claims = db.collection<ClaimDocument>('storeProbeClaims');
  const dropBoth = () => Promise.all([collection.drop().catch(() => undefined), claims.drop().catch(() => undefined)]);
  try {
    await dropBoth();
    await claims.createIndex({ key: 1 }, { unique: true });
    const version = (await db.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
    const pipeline = (stage: object) => () => collection.aggregate([stage]).toArray();
    const report = {
      server: version.ferretdbVersion === undefined ? `MongoDB ${version.version ?? '?'}` : `FerretDB ${version.ferretdbVersion}`,
      lookup: await supports(pipeline({ $lookup: { from: 'storeProbe', localField: '_id', foreignField: '_id', as: 'same' } })),
      unionWith: await supports(pipeline({ $unionWith: 'storeProbe' })),
      transactions: await supports(async () => {
        const session = client.startSession();
        try {
          await session.withTransaction(() => collection.insertOne({ _id: 'in-transaction' }, { session }));
        } finally {
          await session.endSession();
        }
      }),
      rounds: ROUNDS,
      callersPerRound: CALLERS,
      conditionalUpdateSplitRounds: await racedRounds((round) => collection.insertOne({ _id: `open-${round}`, state: 'open' }), async (round, caller) => {
        const result = await collection.updateOne({ _id: `open-${round}`, state: 'open' }, { $set: { state: `won-by-${caller}` } });
        return result.modifiedCount === 1;
      }),
      uniqueInsertSplitRounds: await racedRounds(async () => undefined, async (round, caller) => {
        try {
          await claims.insertOne({ _id: `claim-${round}-${caller}`, key: `claim-${round}` });
          return true;
        } catch {
          return false;
        }
      }),
      ...(await lookupTimes(claims)),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await dropBoth();
    await client.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`store probe: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
