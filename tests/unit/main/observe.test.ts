import { expect } from 'chai';
import { type Around, nested, observed } from '../../../src/main/observe';

class Port {
  private readonly stored = ['a'];
  async find(key: string): Promise<string | null> {
    return this.stored.includes(key) ? key : null;
  }
  async fail(): Promise<void> {
    throw new Error('store down');
  }
}

const recording = (log: string[], tag: string): Around => async (operation, call) => {
  log.push(`${tag}>${operation}`);
  try {
    return await call();
  } finally {
    log.push(`${tag}<${operation}`);
  }
};

describe('observed ports (metrics and traces around each call)', () => {
  it('nothing to observe: the very same object, so an unobserved process pays nothing', () => {
    const port = new Port();
    expect(observed(port, 'port', undefined)).to.equal(port);
    expect(nested([undefined, undefined])).to.equal(undefined);
  });

  it('runs each method through the around as name.method, keeping its answer, its failure and its `this`', async () => {
    const log: string[] = [];
    const port = observed(new Port(), 'tokens', recording(log, 'm'));
    expect(await port.find('a')).to.equal('a');
    expect(await port.find('b')).to.equal(null);
    const failure = await port.fail().then(() => 'resolved', (error: Error) => error.message);
    expect(failure).to.equal('store down');
    expect(log).to.deep.equal(['m>tokens.find', 'm<tokens.find', 'm>tokens.find', 'm<tokens.find', 'm>tokens.fail', 'm<tokens.fail']);
    expect(port.find).to.equal(port.find); // one wrapper per method, not one per access
  });

  it('nests arounds, the first outermost', async () => {
    const log: string[] = [];
    const port = observed(new Port(), 'users', nested([recording(log, 'trace'), undefined, recording(log, 'metrics')]));
    await port.find('a');
    expect(log).to.deep.equal(['trace>users.find', 'metrics>users.find', 'metrics<users.find', 'trace<users.find']);
  });
});
