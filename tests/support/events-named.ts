import type { SecurityEvents } from '../../src/application/ports/security-events';
import type { UseCases } from './use-case-fixture';

/** The fields of every recorded security event of one kind, in order. */
export const eventsNamed = <K extends keyof SecurityEvents>(f: UseCases, type: K): Parameters<SecurityEvents[K]>[0][] =>
  f.events.recorded.flatMap((recorded) => (recorded.type === type ? [recorded.event as Parameters<SecurityEvents[K]>[0]] : []));
