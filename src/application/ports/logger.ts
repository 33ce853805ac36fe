/**
 * The operational log the adapters write to (pino's shape: structured fields, then a message).
 * Security events have their own port; this one is for what an operator reads. Never throws.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
