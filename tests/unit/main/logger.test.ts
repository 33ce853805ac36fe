import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger, logFormatFor } from '../../../src/main/logger';

const ROOT = join(__dirname, '..', '..', '..');
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('createLogger', () => {
  it('writes JSON lines with ISO-8601 times', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    createLogger('info', sink).info({ requestId: 'r1', password: 'hunter22' }, 'hello');
    const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(line).to.include({ level: 30, msg: 'hello', requestId: 'r1', password: '[redacted]' });
    expect(line.time).to.be.a('string').and.match(ISO_TIME);
  });

  it('pretty: one coloured readable line, not JSON, still redacted', () => {
    const script = "require('./src/main/logger').createLogger('info', undefined, 'pretty').info({ requestId: 'r1', password: 'hunter22' }, 'hello there')";
    const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    const lines = out.split('\n').filter((line) => line !== '');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include('hello there').and.include('\u001b[').and.include('r1');
    expect(() => JSON.parse(lines[0] ?? '')).to.throw();
    expect(out).to.not.include('hunter22');
  });

  it('is pretty only on a terminal outside production', () => {
    expect(logFormatFor('development', true)).to.equal('pretty');
    expect(logFormatFor('test', true)).to.equal('pretty');
    expect(logFormatFor('production', true)).to.equal('json');
    expect(logFormatFor('development', false)).to.equal('json');
  });
});
