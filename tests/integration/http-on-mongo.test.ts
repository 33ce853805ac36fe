import { expect } from 'chai';
import { connectMongo } from '../../src/adapters/persistence/mongodb/connect-mongo';
import { mongoStores, type Stores } from '../../src/main/stores';
import { httpApiSuites } from '../http/suites/all';
import { login, refreshCookieOf } from '../http/suites/harness';
import { FakeClock } from '../support/fake-clock';
import { useMongoServer } from '../support/mongo-server';
import { startTestApp, type TestApp } from '../support/test-app';

describe('HTTP API on MongoDB', function () {
  this.timeout(60_000);
  const server = useMongoServer();

  const storesOn = async (database: string): Promise<Stores> => {
    return mongoStores(await connectMongo(server.uriFor(database), { retryForMs: 10_000 }));
  };

  httpApiSuites(() => storesOn(server.freshDatabaseName()));

  describe('two instances sharing one database', () => {
    const apps: TestApp[] = [];
    afterEach(async () => {
      for (const app of apps.splice(0)) {
        await app.close();
        await app.stores.close();
      }
    });

    it('gives concurrent refreshes of one token, spread over both, one and the same successor', async () => {
      const database = server.freshDatabaseName();
      const clock = new FakeClock();
      apps.push(await startTestApp({ stores: await storesOn(database), clock }));
      apps.push(await startTestApp({ stores: await storesOn(database), clock }));
      const session = await login(apps[0]!.api);
      const cookie = refreshCookieOf(session);

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => apps[i % 2]!.api.post('/users/refresh-token', { cookie })),
      );

      expect(answers.map((answer) => answer.status)).to.deep.equal(Array(20).fill(200));
      expect(new Set(answers.map(refreshCookieOf)).size).to.equal(1);
      const stored = await apps[1]!.stores.tokens.allOfUser(session.body.id);
      expect(stored, 'the login token and exactly one successor').to.have.length(2);
    });
  });
});
