/** The hexagon's dependency rule (see docs/adr/0001-hexagonal-layout.md). */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports only itself (and fp-ts).',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { pathNot: ['^src/domain', 'node_modules/fp-ts'] },
    },
    {
      name: 'application-depends-on-domain-and-ports',
      comment: 'Use cases see the domain and their ports only: no adapter, framework, driver or container.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { pathNot: ['^src/application', '^src/domain', 'node_modules/fp-ts'] },
    },
    {
      name: 'adapters-do-not-know-each-other',
      comment: 'An adapter may not import another adapter (HTTP does not know MongoDB).',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/'] },
    },
    {
      name: 'driving-adapters-call-use-cases',
      comment: 'HTTP and the CLI call use cases, never a repository or another store port.',
      severity: 'error',
      from: { path: '^src/adapters/(http|cli)/' },
      to: { path: '^src/application/ports/(user-repository|refresh-token-repository|ended-sessions|expired-token-purge)' },
    },
    {
      name: 'nothing-imports-main',
      comment: 'main is the composition root.',
      severity: 'error',
      from: { pathNot: '^src/main' },
      to: { path: '^src/main' },
    },
    {
      name: 'container-only-in-main',
      severity: 'error',
      from: { pathNot: '^src/main' },
      to: { path: 'node_modules/(tsyringe|reflect-metadata)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
