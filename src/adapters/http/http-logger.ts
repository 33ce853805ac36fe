/** The slice of a structured logger (pino's shape) the HTTP adapter writes to. */
export interface HttpLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
