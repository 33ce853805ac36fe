import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package root, found from this file whether it runs from src/ or a compiled dist/src/. */
const packageRoot = (): string => {
  const parts = __dirname.split(/[\\/]/);
  const src = parts.lastIndexOf('src');
  return parts.slice(0, src).join('/') || '/';
};

export const OPENAPI_PATH = join(packageRoot(), 'openapi.yaml');

export const readOpenApiDocument = (): string => readFileSync(OPENAPI_PATH, 'utf8');
