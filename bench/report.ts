/** The table printed at the end of a run and the targets of issue 5, judged on the medians of interleaved runs. */
import type { Spread } from './stats';

/** One scenario over all its runs: medians of the per-run figures, peaks over all runs, sums of the counts. */
export type ScenarioFigures = Readonly<{
  runs: number;
  /** Medians over the runs. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** The API's own time over the scenario's measured requests (arrival to answer), p99, median over the runs. */
  serverP99Ms: number | null;
  /** Peak RSS of the API process over all runs; null when the API was not under load. */
  peakRssMB: number | null;
  /** Longest the API's event loop was late in any run: a stall inside the API, not noise outside it. */
  loopDelayMaxMs: number | null;
  /** The machine's 1-minute load average when the last run ended (other processes included). */
  loadAverage1m: number;
  requests: number;
  errors: number;
  /** 503 answers of a full hashing queue, counted apart from errors. */
  busy: number;
  /** Database commands per request the API finished (warm-ups included), by command name; null on the embedded store. */
  roundTrips: Readonly<{ perRequest: number; byCommand: Record<string, number> }> | null;
  /** Seconds measured per run. */
  durationS: number;
  note: string;
}>;

export type Target = Readonly<{ name: string; value: number; spread: Spread | null; goal: string; met: boolean }>;

export const SCENARIOS = [
  'verify-ceiling',
  'verify',
  'verify-many-tokens',
  'refresh',
  'bcrypt-ceiling',
  'login',
  'race',
  'mixed-alone',
  'mixed',
  'verify-fresh-ceiling',
  'verify-fresh-tokens',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Each ratio over the interleaved pairs (ceiling and subject run one after the other, pair after pair). */
export type Ratios = Readonly<{
  verifyToCeiling: Spread;
  /** Reported, not a target: every request a token never seen, so each costs a signature check. */
  freshTokensToCeiling: Spread;
  manyTokensP50ToVerifyP50: Spread;
  loginToBcryptCeiling: Spread;
  mixedP99ToAloneP99: Spread;
}>;

export const targetsOf = (ratios: Ratios, raceFailures: number, peakRssMB: number): Target[] => {
  const ratio = (name: string, spread: Spread, goal: string, met: (value: number) => boolean): Target => ({
    name,
    value: spread.median,
    spread,
    goal,
    met: met(spread.median),
  });
  return [
    ratio('verify / ceiling (req/s)', ratios.verifyToCeiling, '>= 0.5', (v) => v >= 0.5),
    ratio('verify-fresh-tokens / ceiling (req/s)', ratios.freshTokensToCeiling, 'reported', () => true),
    ratio('verify-many-tokens p50 / verify p50', ratios.manyTokensP50ToVerifyP50, '<= 1.2', (v) => v <= 1.2),
    ratio('login / bcrypt ceiling (req/s)', ratios.loginToBcryptCeiling, '>= 0.8', (v) => v >= 0.8),
    ratio('mixed p99 / verify-alone p99', ratios.mixedP99ToAloneP99, '<= 3', (v) => v <= 3),
    { name: 'race: rounds with >1 successor or a failure', value: raceFailures, spread: null, goal: '= 0', met: raceFailures === 0 },
    { name: 'peak RSS under load (MB)', value: peakRssMB, spread: null, goal: '< 200', met: peakRssMB < 200 },
  ];
};

const fixed = (value: number | null, digits: number): string =>
  value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

/** "4.02: find 2, insert 1, update 1" (per request, to two decimals), or "-" on the embedded store. */
const roundTripsOf = (figures: ScenarioFigures): string => {
  if (figures.roundTrips === null) return '-';
  const parts = Object.entries(figures.roundTrips.byCommand)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, count]) => `${name} ${Number(count.toFixed(2))}`);
  return `${fixed(figures.roundTrips.perRequest, 2)}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
};

export const spreadText = (spread: Spread, digits: number): string =>
  `${fixed(spread.median, digits)} (${fixed(spread.min, digits)}–${fixed(spread.max, digits)}, n=${spread.values.length})`;

export const renderTable = (scenarios: Readonly<Record<ScenarioName, ScenarioFigures>>, targets: readonly Target[]): string => {
  const scenarioRows = SCENARIOS.map((name) => {
    const s = scenarios[name];
    return [
      name,
      String(s.runs),
      fixed(s.rps, 1),
      fixed(s.p50Ms, 2),
      fixed(s.p99Ms, 2),
      fixed(s.serverP99Ms, 2),
      fixed(s.peakRssMB, 0),
      fixed(s.loopDelayMaxMs, 1),
      String(s.errors),
      String(s.busy),
      roundTripsOf(s),
      s.note,
    ];
  });
  const targetRows = targets.map((t) => [
    t.name,
    t.spread === null ? fixed(t.value, t.name.startsWith('race') ? 0 : 1) : spreadText(t.spread, 2),
    t.goal,
    t.met ? 'met' : 'MISSED',
  ]);
  return [
    table(
      ['scenario', 'runs', 'req/s', 'p50 ms', 'p99 ms', 'API p99 ms', 'peak RSS MB', 'API loop max ms', 'errors', '503', 'DB commands/req', 'notes'],
      scenarioRows,
    ),
    '',
    table(['target (median of interleaved pairs)', 'median (min–max, pairs)', 'goal', 'result'], targetRows),
  ].join('\n');
};
