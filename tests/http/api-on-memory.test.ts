import { memoryStores } from '../../src/main/stores';
import { httpApiSuites } from './suites/all';

describe('HTTP API on the embedded store', () => {
  httpApiSuites(async () => memoryStores());
});
