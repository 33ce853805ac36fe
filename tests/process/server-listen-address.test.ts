import { once } from 'node:events';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { expect } from 'chai';
import { freePort } from '../support/free-port';
import { printed, spawnServer } from '../support/server-process';

/** An IPv4 address of this machine other than the loopback, if it has one. */
const externalAddress = (): string | undefined =>
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;

/** 'connected', or the error code of the refusal. */
const tryConnect = async (host: string, port: number): Promise<string> => {
  const socket = connect({ host, port });
  try {
    await once(socket, 'connect');
    return 'connected';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  } finally {
    socket.destroy();
  }
};

describe('the address the server listens on', function () {
  this.timeout(60_000);

  const listening = async (env: Record<string, string>): Promise<{ port: number; stop: () => void }> => {
    const port = await freePort();
    const child = spawnServer({ PORT: String(port), LOG_LEVEL: 'info', MONGODB_URI: '', HOST: '', ...env });
    await printed(child, 'listening on port');
    return { port, stop: () => void child.kill('SIGKILL') };
  };

  it('outside production, by default, only the loopback: the test user test/test is not on the network', async function () {
    const external = externalAddress();
    if (external === undefined) this.skip();
    const server = await listening({ NODE_ENV: 'development' });
    try {
      expect(await tryConnect('127.0.0.1', server.port)).to.equal('connected');
      expect(await tryConnect(external ?? '', server.port)).to.equal('ECONNREFUSED');
    } finally {
      server.stop();
    }
  });

  it('on every interface when HOST=0.0.0.0', async function () {
    const external = externalAddress();
    if (external === undefined) this.skip();
    const server = await listening({ NODE_ENV: 'development', HOST: '0.0.0.0' });
    try {
      expect(await tryConnect(external ?? '', server.port)).to.equal('connected');
    } finally {
      server.stop();
    }
  });
});
