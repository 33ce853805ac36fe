import type { ContractFactory } from './contract-factory';
import { expect } from 'chai';
import { expectRejection } from '../support/either-assertions';
import type { UserRepository } from '../../src/application/ports/user-repository';
import { Role } from '../../src/domain/role';
import { aUser, MALFORMED_IDS, newId } from './repository-fixtures';

/** What every UserRepository must do (src/application/ports/user-repository.ts). */
export const describeUserRepositoryContract = (name: string, makeRepo: ContractFactory<UserRepository>): void => {
  describe(`UserRepository contract: ${name}`, () => {
    let users: UserRepository;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ subject: users, cleanup } = await makeRepo());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('finds an added user by id and by username, with every field intact', async () => {
      const ada = aUser('ada', { role: Role.Admin });

      expect(await users.add(ada)).to.equal('added');

      expect((await users.findById(ada.id))?.toProps()).to.deep.equal(ada.toProps());
      expect((await users.findByUsername('ada'))?.toProps()).to.deep.equal(ada.toProps());
    });

    it('keeps a credential epoch through an update, with the session it keeps or without one', async () => {
      const ada = aUser('ada');
      await users.add(ada);
      for (const epoch of [{ id: newId(), keeps: newId() }, { id: newId() }]) {
        const changed = ada.withPasswordHashIn('$2b$04$0123456789012345678901uvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0', epoch);
        expect(await users.update(changed)).to.equal(true);
        expect((await users.findById(ada.id))?.toProps()).to.deep.equal(changed.toProps());
      }
    });

    it('answers null for an unknown id or username', async () => {
      await users.add(aUser('ada'));

      expect(await users.findById(newId())).to.equal(null);
      expect(await users.findByUsername('nobody')).to.equal(null);
    });

    it('answers null, not an error, for ids it could never have made', async () => {
      await users.add(aUser('ada'));

      for (const id of MALFORMED_IDS) expect(await users.findById(id), `id ${JSON.stringify(id)}`).to.equal(null);
    });

    it('refuses a second user with a taken username and keeps the first', async () => {
      const first = aUser('ada');
      await users.add(first);

      expect(await users.add(aUser('ada', { firstName: 'Other' }))).to.equal('username-taken');

      expect(await users.count()).to.equal(1);
      expect((await users.findByUsername('ada'))?.id).to.equal(first.id);
    });

    it('lets exactly one of 20 concurrent adds of one username through', async () => {
      const candidates = Array.from({ length: 20 }, () => aUser('race'));

      const results = await Promise.all(candidates.map((user) => users.add(user)));

      expect(results.filter((result) => result === 'added').length).to.equal(1);
      expect(results.filter((result) => result === 'username-taken').length).to.equal(19);
      expect(await users.count()).to.equal(1);
      const winner = candidates[results.indexOf('added')];
      expect((await users.findByUsername('race'))?.id).to.equal(winner?.id);
    });

    it('finds a user by its username in any case, showing the case it was created with', async () => {
      const ada = aUser('Ada.L');
      await users.add(ada);

      for (const given of ['Ada.L', 'ada.l', 'ADA.L', 'ａｄａ.ｌ']) {
        expect((await users.findByUsername(given))?.id, given).to.equal(ada.id);
      }
      expect((await users.findByUsername('ada.l'))?.username).to.equal('Ada.L');
    });

    it('refuses a username that differs from a taken one only in case', async () => {
      const first = aUser('test');
      await users.add(first);

      expect(await users.add(aUser('TEST'))).to.equal('username-taken');
      expect(await users.add(aUser('Test'))).to.equal('username-taken');

      expect(await users.count()).to.equal(1);
      expect((await users.list()).map((user) => user.username)).to.deep.equal(['test']);
    });

    it('lets exactly one of 20 concurrent adds of one username in different cases through', async () => {
      const spellings = ['race', 'RACE', 'Race', 'rAcE'];
      const candidates = Array.from({ length: 20 }, (_, i) => aUser(spellings[i % spellings.length] ?? 'race'));

      const results = await Promise.all(candidates.map((user) => users.add(user)));

      expect(results.filter((result) => result === 'added').length).to.equal(1);
      expect(await users.count()).to.equal(1);
    });

    it('lets a user change the case of its own username, not take another user\'s in another case', async () => {
      const ada = aUser('ada');
      const bob = aUser('bob');
      await users.add(ada);
      await users.add(bob);

      expect(await users.update(aUser('ADA', { id: ada.id }))).to.equal(true);
      expect((await users.findByUsername('ada'))?.username).to.equal('ADA');

      await expectRejection(users.update(aUser('Ada', { id: bob.id })));
      expect((await users.findById(bob.id))?.username).to.equal('bob');
      expect((await users.findByUsername('bob'))?.id).to.equal(bob.id);
    });

    it('lists every user ordered by username (code-unit order: uppercase first)', async () => {
      for (const username of ['mia', 'Zed', 'ada', 'bob', 'Alice']) await users.add(aUser(username));

      const listed = await users.list();

      expect(listed.map((user) => user.username)).to.deep.equal(['Alice', 'Zed', 'ada', 'bob', 'mia']);
      expect(await users.count()).to.equal(5);
    });

    it('answers an empty list and a zero count when empty', async () => {
      expect(await users.list()).to.deep.equal([]);
      expect(await users.count()).to.equal(0);
    });

    it('replaces a stored user on update, username included', async () => {
      const ada = aUser('ada');
      await users.add(ada);
      const changed = aUser('ada.l', { id: ada.id, firstName: 'Augusta', role: Role.Admin, passwordHash: 'new-hash' });

      expect(await users.update(changed)).to.equal(true);

      expect((await users.findById(ada.id))?.toProps()).to.deep.equal(changed.toProps());
      expect((await users.findByUsername('ada.l'))?.id).to.equal(ada.id);
      expect(await users.findByUsername('ada')).to.equal(null);
      expect(await users.count()).to.equal(1);
    });

    it('answers false on update of an unknown id and stores nothing', async () => {
      expect(await users.update(aUser('ghost'))).to.equal(false);

      expect(await users.count()).to.equal(0);
      expect(await users.findByUsername('ghost')).to.equal(null);
    });

    it('rejects an update to a username another user holds, changing neither user', async () => {
      const ada = aUser('ada');
      const bob = aUser('bob');
      await users.add(ada);
      await users.add(bob);

      await expectRejection(users.update(aUser('ada', { id: bob.id })));

      expect((await users.findByUsername('ada'))?.id).to.equal(ada.id);
      expect((await users.findById(bob.id))?.toProps()).to.deep.equal(bob.toProps());
    });
  });
};
