import { expect } from 'chai';
import { loadConfig } from '../../../src/main/config';
import { problemsOf } from '../../support/config-problems';

describe('configuration: metrics', () => {
  it('off unless METRICS_PORT is set; then on 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metrics).to.equal(undefined);
    expect(loadConfig({ METRICS_HOST: '0.0.0.0' }).metrics).to.equal(undefined);
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).to.deep.equal({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).to.deep.equal({ host: '0.0.0.0', port: 9464 });
  });

  it('refuses a bad port, and the API port itself', () => {
    expect(problemsOf({ METRICS_PORT: 'http' })).to.deep.equal(['METRICS_PORT must be an integer from 0 to 65535']);
    expect(problemsOf({ METRICS_PORT: '4000' })[0]).to.include('METRICS_PORT must differ from PORT');
    expect(problemsOf({ PORT: '8080', METRICS_PORT: '8080' })[0]).to.include('METRICS_PORT must differ from PORT');
    expect(problemsOf({ PORT: '8080', METRICS_PORT: '4000' })).to.deep.equal([]);
  });
});
