import type { CommandStartedEvent, Document } from 'mongodb';

/** One command the driver sent, as command monitoring saw it. */
export type SentCommand = Readonly<{ name: string; collection: string | undefined; body: Document }>;

/** Commands the driver sends on its own to watch the connection: not the service's round trips. */
const MONITORING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue']);

/**
 * Keeps every command the service's MongoDB client sends (connectMongo's onCommand), so a test
 * can count round trips per request and read the concerns each one carried.
 */
export class CommandRecorder {
  private readonly sent: SentCommand[] = [];

  readonly listener = (event: CommandStartedEvent): void => {
    if (MONITORING.has(event.commandName)) return;
    const collection: unknown = event.command[event.commandName];
    this.sent.push({ name: event.commandName, collection: typeof collection === 'string' ? collection : undefined, body: event.command });
  };

  /** Every command sent so far. */
  get all(): readonly SentCommand[] {
    return this.sent;
  }

  /** The commands sent while `work` ran (nothing else may use the client meanwhile). */
  async during(work: () => Promise<unknown>): Promise<SentCommand[]> {
    const from = this.sent.length;
    await work();
    return this.sent.slice(from);
  }
}

/** `find refreshTokens`, `insert sessionEndings`…: a command as a short readable line. */
export const describeCommand = (command: SentCommand): string => `${command.name} ${command.collection ?? ''}`.trim();
