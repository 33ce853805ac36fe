import { accessTokenSuite } from './access-tokens';
import { authenticateSuite } from './authenticate';
import { edgesSuite } from './edges';
import type { StoreFactory } from './harness';
import { nativeClientsSuite } from './native-clients';
import { refreshSuite } from './refresh';
import { revokeSuite } from './revoke';
import { signingKeysSuite } from './signing-keys';
import { sessionsSuite } from './sessions';
import { usersSuite } from './users';

/** The whole HTTP contract, on whatever stores the factory makes. */
export const httpApiSuites = (makeStores: StoreFactory): void => {
  authenticateSuite(makeStores);
  refreshSuite(makeStores);
  revokeSuite(makeStores);
  usersSuite(makeStores);
  accessTokenSuite(makeStores);
  accessTokenSuite(makeStores, 'HS256');
  signingKeysSuite(makeStores);
  edgesSuite(makeStores);
  sessionsSuite(makeStores);
  nativeClientsSuite(makeStores);
};
