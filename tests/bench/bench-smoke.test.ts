import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { SCENARIOS } from '../../bench/report';

const ROOT = join(__dirname, '..', '..');
const RATIOS = ['verifyToCeiling', 'freshTokensToCeiling', 'manyTokensP50ToVerifyP50', 'loginToBcryptCeiling', 'mixedP99ToAloneP99'];

type Figures = Record<string, unknown>;
type Spread = Readonly<{ median: unknown; min: unknown; max: unknown; values: unknown[] }>;
type Results = Readonly<{
  scenarios: Record<string, Figures>;
  runs: Record<string, unknown[]>;
  ratios: Record<string, Spread>;
  setup: Readonly<{ pairs: number; bytesPerStoredToken: unknown; store: string }>;
  machine: Readonly<{ loadAverage1mAtStart: unknown; loadAverage1mAtEnd: unknown }>;
  race: Readonly<{ rounds: number; splitRounds: number; failedRounds: number; failedRequests: number }>;
  targets: ReadonlyArray<Readonly<{ name: string; value: unknown; met: unknown }>>;
  peakRssMB: unknown;
}>;

const isFigure = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * Keeps the benchmark harness from rotting: `npm run bench -- --quick` must run every scenario
 * and report figures. It asserts no performance target, only that the numbers exist, and that
 * the race, a correctness property, never lets two refreshes of one token diverge or fail.
 */
describe('npm run bench -- --quick (smoke)', function () {
  this.timeout(180_000);
  let dir: string;
  let stdout: string;
  let results: Results;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    const out = join(dir, 'results.json');
    ({ stdout } = await promisify(execFile)('npm', ['run', '--silent', 'bench', '--', '--quick', '--out', out], {
      cwd: ROOT,
      timeout: 170_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, LOG_LEVEL: 'error' },
    }));
    results = JSON.parse(readFileSync(out, 'utf8')) as Results;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a table row for every scenario and the targets', () => {
    for (const name of SCENARIOS) expect(stdout).to.match(new RegExp(`^\\| ${name} +\\|`, 'm'));
    expect(stdout).to.match(/^\| target \(median of interleaved pairs\) +\| median \(min–max, pairs\)/m);
  });

  it('writes requests/s, p50, p99 and peak RSS for every scenario', () => {
    expect(Object.keys(results.scenarios)).to.have.members(SCENARIOS);
    for (const name of SCENARIOS) {
      const figures = results.scenarios[name] ?? {};
      for (const field of ['rps', 'p50Ms', 'p99Ms', 'requests', 'errors', 'busy']) {
        expect(isFigure(figures[field]), `${name}.${field} = ${String(figures[field])}`).to.equal(true);
      }
      expect(figures.rps as number, `${name} answered nothing`).to.be.greaterThan(0);
      for (const field of ['peakRssMB', 'loopDelayMaxMs']) {
        const value = figures[field];
        if (name === 'bcrypt-ceiling') expect(value).to.equal(null); // runs in the bench, not the API
        else expect(isFigure(value), `${name}.${field} = ${String(value)}`).to.equal(true);
      }
    }
    expect(isFigure(results.peakRssMB)).to.equal(true);
    // Token checks never fail, login flood or not (the flood signs in as a user of its own: past the
    // session limit its logins end that user's oldest sessions, which once ended the checker's).
    for (const name of ['verify', 'verify-many-tokens', 'mixed-alone', 'mixed']) expect(results.scenarios[name]?.errors, name).to.equal(0);
    expect(isFigure(results.setup.bytesPerStoredToken), 'heap bytes per stored token').to.equal(true);
    expect(isFigure(results.machine.loadAverage1mAtStart)).to.equal(true);
    expect(isFigure(results.machine.loadAverage1mAtEnd)).to.equal(true);
  });

  it('runs ceiling and subject in interleaved pairs, at least three, and reports each ratio as a median with its spread', () => {
    expect(results.setup.pairs).to.be.at.least(3);
    for (const name of SCENARIOS.filter((scenario) => scenario !== 'refresh' && scenario !== 'race')) {
      expect(results.runs[name], name).to.have.length(results.setup.pairs);
    }
    for (const ratio of RATIOS) {
      const spread = results.ratios[ratio];
      expect(spread?.values, ratio).to.have.length(results.setup.pairs);
      for (const field of ['median', 'min', 'max'] as const) expect(isFigure(spread?.[field]), `${ratio}.${field}`).to.equal(true);
      expect(spread?.min as number).to.be.at.most(spread?.median as number);
      expect(spread?.median as number).to.be.at.most(spread?.max as number);
    }
  });

  it('writes every ratio and judges every target on its median', () => {
    for (const ratio of RATIOS) expect(results.targets.some((target) => target.value === results.ratios[ratio]?.median), ratio).to.equal(true);
    expect(results.targets).to.have.length(7);
    for (const target of results.targets) {
      expect(isFigure(target.value), target.name).to.equal(true);
      expect(target.met).to.be.a('boolean');
    }
  });

  it('never lets concurrent refreshes of one token fail or get different successors', () => {
    expect(results.race.rounds).to.equal(100);
    expect(results.race.failedRequests).to.equal(0);
    expect(results.race.failedRounds).to.equal(0);
    expect(results.race.splitRounds).to.equal(0);
  });
});
