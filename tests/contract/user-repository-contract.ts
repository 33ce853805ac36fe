import assert from 'node:assert/strict';
import type { UserRepository } from '../../src/application/ports/user-repository';
import { Role } from '../../src/domain/role';
import { aUser, MALFORMED_IDS, newId, type RepositoryFactory } from './repository-fixtures';

/** What every UserRepository must do (src/application/ports/user-repository.ts). */
export const describeUserRepositoryContract = (name: string, makeRepo: RepositoryFactory<UserRepository>): void => {
  describe(`UserRepository contract: ${name}`, () => {
    let users: UserRepository;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ repo: users, cleanup } = await makeRepo());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('finds an added user by id and by username, with every field intact', async () => {
      const ada = aUser('ada', { role: Role.Admin });

      assert.equal(await users.add(ada), 'added');

      assert.deepEqual((await users.findById(ada.id))?.toProps(), ada.toProps());
      assert.deepEqual((await users.findByUsername('ada'))?.toProps(), ada.toProps());
    });

    it('answers null for an unknown id or username', async () => {
      await users.add(aUser('ada'));

      assert.equal(await users.findById(newId()), null);
      assert.equal(await users.findByUsername('nobody'), null);
    });

    it('answers null, not an error, for ids it could never have made', async () => {
      await users.add(aUser('ada'));

      for (const id of MALFORMED_IDS) assert.equal(await users.findById(id), null, `id ${JSON.stringify(id)}`);
    });

    it('refuses a second user with a taken username and keeps the first', async () => {
      const first = aUser('ada');
      await users.add(first);

      assert.equal(await users.add(aUser('ada', { firstName: 'Other' })), 'username-taken');

      assert.equal(await users.count(), 1);
      assert.equal((await users.findByUsername('ada'))?.id, first.id);
    });

    it('lets exactly one of 20 concurrent adds of one username through', async () => {
      const candidates = Array.from({ length: 20 }, () => aUser('race'));

      const results = await Promise.all(candidates.map((user) => users.add(user)));

      assert.equal(results.filter((result) => result === 'added').length, 1);
      assert.equal(results.filter((result) => result === 'username-taken').length, 19);
      assert.equal(await users.count(), 1);
      const winner = candidates[results.indexOf('added')];
      assert.equal((await users.findByUsername('race'))?.id, winner?.id);
    });

    it('finds a user by its username in any case, showing the case it was created with', async () => {
      const ada = aUser('Ada.L');
      await users.add(ada);

      for (const given of ['Ada.L', 'ada.l', 'ADA.L', 'ａｄａ.ｌ']) {
        assert.equal((await users.findByUsername(given))?.id, ada.id, given);
      }
      assert.equal((await users.findByUsername('ada.l'))?.username, 'Ada.L');
    });

    it('refuses a username that differs from a taken one only in case', async () => {
      const first = aUser('test');
      await users.add(first);

      assert.equal(await users.add(aUser('TEST')), 'username-taken');
      assert.equal(await users.add(aUser('Test')), 'username-taken');

      assert.equal(await users.count(), 1);
      assert.deepEqual((await users.list()).map((user) => user.username), ['test']);
    });

    it('lets exactly one of 20 concurrent adds of one username in different cases through', async () => {
      const spellings = ['race', 'RACE', 'Race', 'rAcE'];
      const candidates = Array.from({ length: 20 }, (_, i) => aUser(spellings[i % spellings.length] ?? 'race'));

      const results = await Promise.all(candidates.map((user) => users.add(user)));

      assert.equal(results.filter((result) => result === 'added').length, 1);
      assert.equal(await users.count(), 1);
    });

    it('lets a user change the case of its own username, not take another user\'s in another case', async () => {
      const ada = aUser('ada');
      const bob = aUser('bob');
      await users.add(ada);
      await users.add(bob);

      assert.equal(await users.update(aUser('ADA', { id: ada.id })), true);
      assert.equal((await users.findByUsername('ada'))?.username, 'ADA');

      await assert.rejects(users.update(aUser('Ada', { id: bob.id })));
      assert.equal((await users.findById(bob.id))?.username, 'bob');
      assert.equal((await users.findByUsername('bob'))?.id, bob.id);
    });

    it('lists every user ordered by username (code-unit order: uppercase first)', async () => {
      for (const username of ['mia', 'Zed', 'ada', 'bob', 'Alice']) await users.add(aUser(username));

      const listed = await users.list();

      assert.deepEqual(listed.map((user) => user.username), ['Alice', 'Zed', 'ada', 'bob', 'mia']);
      assert.equal(await users.count(), 5);
    });

    it('answers an empty list and a zero count when empty', async () => {
      assert.deepEqual(await users.list(), []);
      assert.equal(await users.count(), 0);
    });

    it('replaces a stored user on update, username included', async () => {
      const ada = aUser('ada');
      await users.add(ada);
      const changed = aUser('ada.l', { id: ada.id, firstName: 'Augusta', role: Role.Admin, passwordHash: 'new-hash' });

      assert.equal(await users.update(changed), true);

      assert.deepEqual((await users.findById(ada.id))?.toProps(), changed.toProps());
      assert.equal((await users.findByUsername('ada.l'))?.id, ada.id);
      assert.equal(await users.findByUsername('ada'), null);
      assert.equal(await users.count(), 1);
    });

    it('answers false on update of an unknown id and stores nothing', async () => {
      assert.equal(await users.update(aUser('ghost')), false);

      assert.equal(await users.count(), 0);
      assert.equal(await users.findByUsername('ghost'), null);
    });

    it('rejects an update to a username another user holds, changing neither user', async () => {
      const ada = aUser('ada');
      const bob = aUser('bob');
      await users.add(ada);
      await users.add(bob);

      await assert.rejects(users.update(aUser('ada', { id: bob.id })));

      assert.equal((await users.findByUsername('ada'))?.id, ada.id);
      assert.deepEqual((await users.findById(bob.id))?.toProps(), bob.toProps());
    });
  });
};
