import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoSecurityEvents } from '../../src/adapters/logging/pino-security-events';
import { RecordingSecurityEvents } from '../support/recording-security-events';
import { describeSecurityEventsContract } from './security-events-contract';

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const failing = new Writable({ write: (_chunk, _encoding, done) => done(new Error('disk full')) });
failing.on('error', () => undefined);

describeSecurityEventsContract('PinoSecurityEvents', () => new PinoSecurityEvents(pino({ base: undefined }, discard)));
describeSecurityEventsContract('PinoSecurityEvents on a failing stream', () => new PinoSecurityEvents(pino({ base: undefined }, failing)));
describeSecurityEventsContract('RecordingSecurityEvents (the unit tests\' fake)', () => new RecordingSecurityEvents());
