import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoSecurityEvents } from '../../src/adapters/logging/pino-security-events';
import { MeteredSecurityEvents } from '../../src/adapters/metrics/metered-security-events';
import { PrometheusMetrics } from '../../src/adapters/metrics/prometheus-metrics';
import { RecordingSecurityEvents } from '../support/recording-security-events';
import type { SecurityEvents } from '../../src/application/ports/security-events';
import { nothingToClean } from './contract-factory';
import { describeSecurityEventsContract } from './security-events-contract';

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const failing = new Writable({ write: (_chunk, _encoding, done) => done(new Error('disk full')) });
failing.on('error', () => undefined);

const built = (events: SecurityEvents) => async () => ({ subject: events, cleanup: nothingToClean });

describeSecurityEventsContract('PinoSecurityEvents', built(new PinoSecurityEvents(pino({ base: undefined }, discard))));
describeSecurityEventsContract('PinoSecurityEvents on a failing stream', built(new PinoSecurityEvents(pino({ base: undefined }, failing))));
describeSecurityEventsContract("RecordingSecurityEvents (the unit tests' fake)", built(new RecordingSecurityEvents()));
describeSecurityEventsContract(
  'MeteredSecurityEvents (counts, then the audit trail)',
  built(new MeteredSecurityEvents(new PrometheusMetrics(), new PinoSecurityEvents(pino({ base: undefined }, failing)))),
);
