import { expect } from 'chai';
import type { Stores } from '../../../src/main/stores';
import type { ApiClient, ApiResponse } from '../../support/http-client';
import { startTestApp, type TestApp, type TestAppOptions } from '../../support/test-app';

export type StoreFactory = () => Promise<Stores>;

/** A fresh app on fresh stores for every test; the returned getter reads the current one. */
export const useTestApp = (makeStores: StoreFactory, options: Omit<TestAppOptions, 'stores'> = {}): (() => TestApp) => {
  let current: TestApp | undefined;
  beforeEach(async () => {
    current = await startTestApp({ ...options, stores: await makeStores() });
  });
  afterEach(async () => {
    await current?.close();
    await current?.stores.close();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error('no test app running');
    return current;
  };
};

export const login = async (api: ApiClient, username = 'test', password = 'test'): Promise<ApiResponse> => {
  const response = await api.post('/users/authenticate', { json: { username, password } });
  expect(response.status, JSON.stringify(response.body)).to.equal(200);
  return response;
};

export const refreshCookieOf = (response: ApiResponse): string => {
  expect(response.cookie, 'refreshToken cookie').to.not.equal(undefined);
  return response.cookie?.value ?? '';
};

export type NewUser = Readonly<{ username: string; password?: string; role?: 'Admin' | 'User' }>;

/** Creates a user through the API as the seeded admin; answers its id. */
export const createUser = async (api: ApiClient, adminToken: string, user: NewUser): Promise<string> => {
  const response = await api.post('/users', {
    bearer: adminToken,
    json: {
      firstName: 'First',
      lastName: 'Last',
      username: user.username,
      password: user.password ?? 'a-long-password',
      role: user.role ?? 'User',
    },
  });
  expect(response.status, JSON.stringify(response.body)).to.equal(201);
  return response.body.id as string;
};

/** Logs in as the seeded admin and as a new regular user. */
export const adminAndUser = async (api: ApiClient) => {
  const admin = await login(api);
  const userId = await createUser(api, admin.body.jwtToken, { username: 'alice' });
  const user = await login(api, 'alice', 'a-long-password');
  return { admin, adminId: admin.body.id as string, user, userId };
};

/** The `sid` claim of a login's access token: the session id the listing shows. */
export const sidOf = (session: ApiResponse): string => {
  const payload = String(session.body.jwtToken).split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sid: string }).sid;
};
