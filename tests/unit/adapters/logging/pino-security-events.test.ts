import { Writable } from 'node:stream';
import { expect } from 'chai';
import pino from 'pino';
import { PinoSecurityEvents } from '../../../../src/adapters/logging/pino-security-events';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info', base: undefined }, sink) };
};

describe('PinoSecurityEvents', () => {
  it('writes each event as its own line: category security, an event name, its fields, a level by gravity', () => {
    const { lines, logger } = capture();
    const events = new PinoSecurityEvents(logger);
    events.loginFailed({ username: 'ada', ip: '10.0.0.1', reason: 'wrong-password' });
    events.reuseDetected({ userId: 'u1', familyId: 'f1', ip: '10.0.0.2', revokedTokens: 2 });
    events.userCreated({ userId: 'u2', username: 'bob', role: 'User', by: 'operator' });

    expect(lines).to.have.length(3);
    expect(lines[0]).to.include({ level: 40, category: 'security', event: 'login-failed', username: 'ada', ip: '10.0.0.1', reason: 'wrong-password' });
    expect(lines[1]).to.include({ level: 40, event: 'token-reuse-detected', userId: 'u1', familyId: 'f1', ip: '10.0.0.2', revokedTokens: 2 });
    expect(lines[2]).to.include({ level: 30, event: 'user-created', userId: 'u2', username: 'bob', role: 'User', by: 'operator' });
  });

  it('caps every string field at 128 characters, with a marker saying how long it was', () => {
    const { lines, logger } = capture();
    const events = new PinoSecurityEvents(logger);
    const huge = 'u'.repeat(16 * 1024);
    events.loginFailed({ username: huge, ip: '10.0.0.1', reason: 'unknown-user' });
    events.loginThrottled({ username: huge, ip: '10.0.0.1', retryAfterSeconds: 5 });
    events.loginFailed({ username: 'x'.repeat(128), ip: '10.0.0.1', reason: 'unknown-user' });

    for (const line of lines.slice(0, 2)) {
      expect(line.username).to.equal(`${'u'.repeat(128)}…[truncated, 16384 chars]`);
      expect(JSON.stringify(line).length).to.be.below(512);
    }
    expect(lines[1]).to.include({ retryAfterSeconds: 5, ip: '10.0.0.1' });
    expect(lines[2]?.username).to.equal('x'.repeat(128), 'at the cap: written whole');
  });

  it('does not cut a character in two at the cap', () => {
    const { lines, logger } = capture();
    new PinoSecurityEvents(logger).loginFailed({ username: `${'a'.repeat(127)}${'😀'.repeat(10)}`, ip: '::1', reason: 'unknown-user' });
    expect(lines[0]?.username).to.equal(`${'a'.repeat(127)}…[truncated, 147 chars]`);
  });

  it('writes the signing-key events: created (info), rotated and retired by the operator (warn)', () => {
    const { lines, logger } = capture();
    const events = new PinoSecurityEvents(logger);
    const signsFrom = new Date('2026-01-01T00:11:00Z');
    events.signingKeyCreated({ kid: 'k2', generation: 2, algorithm: 'ES256', signsFrom, by: 'schedule' });
    events.signingKeysRotated({ kid: 'k2', signsFrom, immediately: false, by: 'operator' });
    events.signingKeyRetired({ kid: 'k1', by: 'operator' });

    expect(lines[0]).to.include({ level: 30, category: 'security', event: 'signing-key-created', kid: 'k2', generation: 2, algorithm: 'ES256', by: 'schedule', signsFrom: signsFrom.toISOString() });
    expect(lines[1]).to.include({ level: 40, event: 'signing-keys-rotated', kid: 'k2', immediately: false });
    expect(lines[2]).to.include({ level: 40, event: 'signing-key-retired', kid: 'k1', by: 'operator' });
  });

  it('logs an unavailable throttle as an error, with the cause', () => {
    const { lines, logger } = capture();
    new PinoSecurityEvents(logger).throttleUnavailable({ error: new Error('ECONNREFUSED') });
    expect(lines[0]).to.include({ level: 50, event: 'login-throttle-unavailable' });
    expect(JSON.stringify(lines[0])).to.include('ECONNREFUSED');
  });

  it('never throws, even when the log sink does', () => {
    const broken = { info: () => { throw new Error('disk full'); }, warn: () => { throw new Error('disk full'); }, error: () => { throw new Error('disk full'); } };
    const events = new PinoSecurityEvents(broken as unknown as pino.Logger);
    expect(() => events.loginThrottled({ username: 'ada', ip: '10.0.0.1', retryAfterSeconds: 5 })).to.not.throw();
  });
});
