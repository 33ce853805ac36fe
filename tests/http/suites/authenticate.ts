import { expect } from 'chai';
import { login, type StoreFactory, useTestApp } from './harness';
import { REFRESH_SECRET } from '../../support/refresh-secret';

const DAY = 24 * 60 * 60 * 1000;

export const authenticateSuite = (makeStores: StoreFactory): void => {
  describe('POST /users/authenticate', () => {
    const app = useTestApp(makeStores);

    it('answers the user and an access token, and sets the refresh cookie', async () => {
      const response = await login(app().api);
      expect(response.body).to.include({ firstName: 'Test', lastName: 'User', username: 'test', role: 'Admin' });
      expect(response.body).to.have.all.keys('id', 'firstName', 'lastName', 'username', 'role', 'jwtToken');
      expect(response.cookie?.value).to.match(REFRESH_SECRET);
      expect(response.headers.get('cache-control')).to.equal('no-store');
    });

    it('sets the cookie HttpOnly, SameSite=Strict, Path=/users, expiring with the token, not Secure outside production', async () => {
      const { cookie } = await login(app().api);
      const expires = new Date(app().clock.now().getTime() + 7 * DAY).toUTCString();
      expect(cookie?.attributes).to.have.members(['Path=/users', `Expires=${expires}`, 'HttpOnly', 'SameSite=Strict']);
    });

    it('never puts the refresh secret in a body', async () => {
      const response = await login(app().api);
      expect(response.text).to.not.include(response.cookie?.value);
    });

    it('logs into the same account whatever the case of the username, showing it as created', async () => {
      const plain = await login(app().api, 'test', 'test');
      for (const username of ['TEST', 'Test']) {
        const session = await login(app().api, username, 'test');
        expect(session.body.id).to.equal(plain.body.id);
        expect(session.body.username).to.equal('test');
      }
    });

    it('answers the same 400 for a wrong password and an unknown user', async () => {
      for (const json of [{ username: 'test', password: 'wrong' }, { username: 'nobody', password: 'test' }]) {
        const response = await app().api.post('/users/authenticate', { json });
        expect(response.status).to.equal(400);
        expect(response.body).to.deep.equal({ message: 'Username or password is incorrect' });
        expect(response.cookie).to.equal(undefined);
      }
    });

    it('names every missing field', async () => {
      const response = await app().api.post('/users/authenticate', { json: {} });
      expect(response.status).to.equal(400);
      expect(response.body.message).to.equal('Validation error: username is required, password is required');
    });

    it('rejects a wrong type and a non-object body', async () => {
      const wrongType = await app().api.post('/users/authenticate', { json: { username: 1, password: 'x' } });
      expect(wrongType.status).to.equal(400);
      expect(wrongType.body.message).to.equal('Validation error: username must be a non-empty string');
      const array = await app().api.post('/users/authenticate', { json: ['test'] });
      expect(array.status).to.equal(400);
      expect(array.body.message).to.match(/^Validation error: /);
    });

    it('answers 400 to invalid JSON and 413 to a body over 16 KiB, storing nothing', async () => {
      const invalid = await app().api.post('/users/authenticate', { rawBody: '{"username": "test",' });
      expect(invalid.status).to.equal(400);
      expect(invalid.body).to.deep.equal({ message: 'Request body is not valid JSON' });

      const huge = await app().api.post('/users/authenticate', {
        json: { username: 'test', password: 'x'.repeat(17 * 1024) },
      });
      expect(huge.status).to.equal(413);
      expect(huge.body).to.deep.equal({ message: 'Request body too large (limit 16 KiB)' });
      const testUser = await app().stores.users.findByUsername('test');
      expect(await app().stores.tokens.allOfUser(testUser?.id ?? '')).to.have.length(0);
    });
  });
};
