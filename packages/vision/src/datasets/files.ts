import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RuntimeError } from '@kindling/core';

/** Reads a file, gunzipping it when it starts with gzip's magic bytes (whatever its name says). */
export function readMaybeGzip(path: string): Uint8Array {
  const raw = readFileSync(path);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return new Uint8Array(gunzipSync(raw));
    } catch (e) {
      throw new RuntimeError(`${path}: corrupt gzip data (${(e as Error).message})`);
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The first existing directory among `candidates`. */
export function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * Finds `name` or `name.gz` in the first folder of `folders` that has it; throws an error that lists
 * every place looked in, since nothing is downloaded.
 */
export function locate(folders: readonly string[], name: string, dataset: string): string {
  for (const dir of folders) {
    for (const file of [name, `${name}.gz`]) {
      const p = join(dir, file);
      if (existsSync(p) && statSync(p).isFile()) return p;
    }
  }
  throw new RuntimeError(
    `${dataset}: dataset file '${name}' (or '${name}.gz') not found. Kindling does not download ` +
      `datasets: put the file in one of: ${folders.join(', ')}`,
  );
}
