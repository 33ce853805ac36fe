/** The table printed at the end of a run and the targets of issue 5, judged against the figures. */

export type ScenarioFigures = Readonly<{
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Peak RSS of the API process during the scenario; null when the API was not under load. */
  peakRssMB: number | null;
  /** Longest the API's event loop was late during the scenario: a stall inside the API, not noise outside it. */
  loopDelayMaxMs: number | null;
  /** The machine's 1-minute load average when the scenario ended (other processes included). */
  loadAverage1m: number;
  requests: number;
  errors: number;
  durationS: number;
  note: string;
}>;

export type Target = Readonly<{ name: string; value: number; goal: string; met: boolean }>;

export const SCENARIOS = [
  'verify-ceiling',
  'verify',
  'verify-many-tokens',
  'verify-fresh-tokens',
  'refresh',
  'bcrypt-ceiling',
  'login',
  'race',
  'mixed-alone',
  'mixed',
  'verify-hs256',
  'verify-fresh-tokens-hs256',
  'refresh-hs256',
  'login-hs256',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export type Ratios = Readonly<{
  verifyToCeiling: number;
  freshTokensToCeiling: number;
  manyTokensP50ToVerifyP50: number;
  loginToBcryptCeiling: number;
  mixedP99ToAloneP99: number;
}>;

export const ratiosOf = (s: Readonly<Record<ScenarioName, ScenarioFigures>>): Ratios => ({
  verifyToCeiling: s.verify.rps / s['verify-ceiling'].rps,
  freshTokensToCeiling: s['verify-fresh-tokens'].rps / s['verify-ceiling'].rps,
  manyTokensP50ToVerifyP50: s['verify-many-tokens'].p50Ms / s.verify.p50Ms,
  loginToBcryptCeiling: s.login.rps / s['bcrypt-ceiling'].rps,
  mixedP99ToAloneP99: s.mixed.p99Ms / s['mixed-alone'].p99Ms,
});

export const targetsOf = (ratios: Ratios, raceFailures: number, peakRssMB: number): Target[] => [
  { name: 'verify / ceiling (req/s)', value: ratios.verifyToCeiling, goal: '>= 0.5', met: ratios.verifyToCeiling >= 0.5 },
  { name: 'verify-fresh-tokens / ceiling (req/s)', value: ratios.freshTokensToCeiling, goal: 'reported', met: true },
  {
    name: 'verify-many-tokens p50 / verify p50',
    value: ratios.manyTokensP50ToVerifyP50,
    goal: '<= 1.2',
    met: ratios.manyTokensP50ToVerifyP50 <= 1.2,
  },
  { name: 'login / bcrypt ceiling (req/s)', value: ratios.loginToBcryptCeiling, goal: '>= 0.8', met: ratios.loginToBcryptCeiling >= 0.8 },
  { name: 'mixed p99 / verify-alone p99', value: ratios.mixedP99ToAloneP99, goal: '<= 3', met: ratios.mixedP99ToAloneP99 <= 3 },
  { name: 'race: rounds with >1 successor or a failure', value: raceFailures, goal: '= 0', met: raceFailures === 0 },
  { name: 'peak RSS under load (MB)', value: peakRssMB, goal: '< 200', met: peakRssMB < 200 },
];

const fixed = (value: number | null, digits: number): string =>
  value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

export const renderTable = (
  scenarios: Readonly<Record<ScenarioName, ScenarioFigures>>,
  targets: readonly Target[],
): string => {
  const scenarioRows = SCENARIOS.map((name) => {
    const s = scenarios[name];
    return [
      name,
      fixed(s.rps, 1),
      fixed(s.p50Ms, 2),
      fixed(s.p99Ms, 2),
      fixed(s.peakRssMB, 0),
      fixed(s.loopDelayMaxMs, 1),
      String(s.errors),
      s.note,
    ];
  });
  const targetRows = targets.map((t) => [t.name, fixed(t.value, t.name.startsWith('race') ? 0 : 2), t.goal, t.met ? 'met' : 'MISSED']);
  return [
    table(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'API loop max ms', 'errors', 'notes'], scenarioRows),
    '',
    table(['target', 'measured', 'goal', 'result'], targetRows),
  ].join('\n');
};
