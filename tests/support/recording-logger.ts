import type { Logger } from '../../src/application/ports/logger';

export type LoggedLine = Readonly<{ level: keyof Logger; fields: object; message: string }>;

/** A Logger that keeps every line, for assertions. */
export class RecordingLogger implements Logger {
  readonly lines: LoggedLine[] = [];

  info(fields: object, message: string): void {
    this.lines.push({ level: 'info', fields, message });
  }

  warn(fields: object, message: string): void {
    this.lines.push({ level: 'warn', fields, message });
  }

  error(fields: object, message: string): void {
    this.lines.push({ level: 'error', fields, message });
  }

  /** Every message, one per line. */
  get text(): string {
    return this.lines.map((line) => line.message).join('\n');
  }
}
