import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package root: the nearest folder above this file with a package.json (src/ or a compiled dist/src/). */
const packageRoot = (from: string): string => {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
};

export const OPENAPI_PATH = join(packageRoot(__dirname), 'openapi.yaml');

export const readOpenApiDocument = (): string => readFileSync(OPENAPI_PATH, 'utf8');
