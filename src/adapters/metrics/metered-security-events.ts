import type { SecurityEvents } from '../../application/ports/security-events';
import type { PrometheusMetrics } from './prometheus-metrics';

type Event<K extends keyof SecurityEvents> = Parameters<SecurityEvents[K]>[0];

/**
 * The security events counted, then handed on to the audit trail: one call feeds both, so the
 * metrics and the log cannot disagree. Only the kind of event becomes a label, never its fields.
 */
export class MeteredSecurityEvents implements SecurityEvents {
  constructor(
    private readonly metrics: PrometheusMetrics,
    private readonly next: SecurityEvents,
  ) {}

  loginSucceeded(event: Event<'loginSucceeded'>): void {
    this.count(() => this.metrics.logins.inc({ outcome: 'succeeded' }));
    this.next.loginSucceeded(event);
  }

  loginFailed(event: Event<'loginFailed'>): void {
    this.count(() => this.metrics.logins.inc({ outcome: 'failed' }));
    this.next.loginFailed(event);
  }

  loginThrottled(event: Event<'loginThrottled'>): void {
    this.count(() => this.metrics.logins.inc({ outcome: 'throttled' }));
    this.next.loginThrottled(event);
  }

  throttleUnavailable(event: Event<'throttleUnavailable'>): void {
    this.count(() => this.metrics.throttleUnavailable.inc());
    this.next.throttleUnavailable(event);
  }

  tokenRotated(event: Event<'tokenRotated'>): void {
    this.count(() => this.metrics.refreshes.inc({ outcome: 'rotated' }));
    this.next.tokenRotated(event);
  }

  replayAnswered(event: Event<'replayAnswered'>): void {
    this.count(() => this.metrics.refreshes.inc({ outcome: 'replay_answered' }));
    this.next.replayAnswered(event);
  }

  refreshRefused(event: Event<'refreshRefused'>): void {
    this.count(() => this.metrics.refreshes.inc({ outcome: 'invalid' }));
    this.next.refreshRefused(event);
  }

  reuseDetected(event: Event<'reuseDetected'>): void {
    this.count(() => {
      this.metrics.refreshes.inc({ outcome: 'reuse_detected' });
      this.metrics.sessionsEnded.inc({ cause: 'reuse_detected' });
    });
    this.next.reuseDetected(event);
  }

  tokenRevoked(event: Event<'tokenRevoked'>): void {
    this.count(() => this.metrics.sessionsEnded.inc({ cause: 'logout' }));
    this.next.tokenRevoked(event);
  }

  sessionsRevoked(event: Event<'sessionsRevoked'>): void {
    this.count(() => this.metrics.sessionsEnded.inc({ cause: 'all_revoked' }, event.sessions));
    this.next.sessionsRevoked(event);
  }

  sessionEnded(event: Event<'sessionEnded'>): void {
    this.count(() => this.metrics.sessionsEnded.inc({ cause: 'ended_by_owner_or_admin' }));
    this.next.sessionEnded(event);
  }

  signingKeyCreated(event: Event<'signingKeyCreated'>): void {
    this.count(() => this.metrics.accountChanges.inc({ change: 'signing_key_created' }));
    this.next.signingKeyCreated(event);
  }

  signingKeysRotated(event: Event<'signingKeysRotated'>): void {
    this.count(() => this.metrics.accountChanges.inc({ change: 'signing_keys_rotated' }));
    this.next.signingKeysRotated(event);
  }

  signingKeyRetired(event: Event<'signingKeyRetired'>): void {
    this.count(() => this.metrics.accountChanges.inc({ change: 'signing_key_retired' }));
    this.next.signingKeyRetired(event);
  }

  passwordChanged(event: Event<'passwordChanged'>): void {
    this.count(() => this.metrics.accountChanges.inc({ change: 'password_changed' }));
    this.next.passwordChanged(event);
  }

  userCreated(event: Event<'userCreated'>): void {
    this.count(() => this.metrics.accountChanges.inc({ change: 'user_created' }));
    this.next.userCreated(event);
  }

  /** The port never throws: a counter that fails must not fail a login, nor stop the audit line. */
  private count(increment: () => void): void {
    try {
      increment();
    } catch {
      // nothing to do: the audit trail still gets the event
    }
  }
}
