import { expect } from 'chai';
import { adminAndUser, createUser, login, type StoreFactory, useTestApp } from './harness';

export const usersSuite = (makeStores: StoreFactory): void => {
  describe('users routes', () => {
    const app = useTestApp(makeStores);

    it('GET /users: admins get every user, without any password field', async () => {
      const { admin } = await adminAndUser(app().api);
      const response = await app().api.get('/users', { bearer: admin.body.jwtToken });
      expect(response.status).to.equal(200);
      expect(response.body.map((user: { username: string }) => user.username)).to.deep.equal(['alice', 'test']);
      expect(response.text).to.not.match(/password/i);
    });

    it('GET /users: 401 for a regular user and for no token', async () => {
      const { user } = await adminAndUser(app().api);
      expect((await app().api.get('/users', { bearer: user.body.jwtToken })).status).to.equal(401);
      expect((await app().api.get('/users')).body).to.deep.equal({ message: 'Unauthorized' });
    });

    it('GET /users/{id}: oneself, or anyone for an admin; 401 for another user', async () => {
      const { admin, adminId, user, userId } = await adminAndUser(app().api);
      expect((await app().api.get(`/users/${userId}`, { bearer: user.body.jwtToken })).body.username).to.equal('alice');
      expect((await app().api.get(`/users/${userId}`, { bearer: admin.body.jwtToken })).status).to.equal(200);
      expect((await app().api.get(`/users/${adminId}`, { bearer: user.body.jwtToken })).status).to.equal(401);
    });

    it('GET /users/{id}: 404 for an unknown or malformed id', async () => {
      const admin = await login(app().api);
      for (const id of ['0123456789abcdef01234567', 'not-an-id', '%24where']) {
        const response = await app().api.get(`/users/${id}`, { bearer: admin.body.jwtToken });
        expect(response.status, id).to.equal(404);
        expect(response.body).to.deep.equal({ message: 'User not found' });
      }
    });

    it('GET /users/{id}/refresh-tokens: the listing shows state, never a secret or a hash', async () => {
      const session = await login(app().api);
      const response = await app().api.get(`/users/${session.body.id}/refresh-tokens`, {
        bearer: session.body.jwtToken,
        headers: { 'User-Agent': 'mocha-test' },
      });
      expect(response.status).to.equal(200);
      expect(response.body).to.have.length(1);
      expect(response.body[0]).to.have.all.keys(
        'id', 'created', 'createdByIp', 'userAgent', 'expires', 'revoked', 'revokedByIp',
        'revokedReason', 'replacedBy', 'isExpired', 'isActive',
      );
      expect(response.body[0]).to.include({ createdByIp: '127.0.0.1', isActive: true, isExpired: false });
      const [stored] = await app().stores.tokens.allOfUser(session.body.id);
      expect(response.text).to.not.include(session.cookie?.value).and.not.include(stored?.tokenHash);
    });

    it('GET /users/{id}/refresh-tokens: 401 for another user, 404 for an unknown user', async () => {
      const { admin, adminId, user } = await adminAndUser(app().api);
      expect((await app().api.get(`/users/${adminId}/refresh-tokens`, { bearer: user.body.jwtToken })).status).to.equal(401);
      const unknown = await app().api.get('/users/nobody/refresh-tokens', { bearer: admin.body.jwtToken });
      expect(unknown.status).to.equal(404);
    });

    it('POST /users: an admin creates a user who can then log in; 409 for a taken username', async () => {
      const admin = await login(app().api);
      await createUser(app().api, admin.body.jwtToken, { username: 'bob', password: 'bobs-password' });
      expect((await login(app().api, 'bob', 'bobs-password')).body.role).to.equal('User');
      const duplicate = await app().api.post('/users', {
        bearer: admin.body.jwtToken,
        json: { firstName: 'B', lastName: 'B', username: 'bob', password: 'another-password', role: 'User' },
      });
      expect(duplicate.status).to.equal(409);
      expect(duplicate.body.message).to.equal("Username 'bob' is already taken");
    });

    it('POST /users: 409 for a username that differs from a taken one only in case', async () => {
      const admin = await login(app().api);
      for (const username of ['TEST', 'Test']) {
        const duplicate = await app().api.post('/users', {
          bearer: admin.body.jwtToken,
          json: { firstName: 'T', lastName: 'T', username, password: 'another-password', role: 'Admin' },
        });
        expect(duplicate.status, username).to.equal(409);
        expect(duplicate.body.message).to.equal(`Username '${username}' is already taken`);
      }
      expect(await app().stores.users.count()).to.equal(1);
    });

    it('POST /users: 401 for a regular user; 400 for a bad role or a short password, creating nothing', async () => {
      const { admin, user } = await adminAndUser(app().api);
      const body = { firstName: 'C', lastName: 'C', username: 'carol', password: 'long-enough', role: 'User' };
      expect((await app().api.post('/users', { bearer: user.body.jwtToken, json: body })).status).to.equal(401);
      const badRole = await app().api.post('/users', { bearer: admin.body.jwtToken, json: { ...body, role: 'Root' } });
      expect(badRole.body.message).to.equal("Validation error: role must be 'Admin' or 'User'");
      const short = await app().api.post('/users', { bearer: admin.body.jwtToken, json: { ...body, password: 'short' } });
      expect(short.status).to.equal(400);
      expect(short.body.message).to.equal('Validation error: password must be at least 8 characters');
      expect(await app().stores.users.findByUsername('carol')).to.equal(null);
    });
  });
};
