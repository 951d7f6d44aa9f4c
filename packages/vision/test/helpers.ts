import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { registerCpuBackend } from '@kindling/backend-cpu';

registerCpuBackend();

/** A fresh temporary folder for generated fixture files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kindling-vision-'));
}

/** Bytes of an IDX uint8 file with the given dims and data. */
export function idxBytes(dims: number[], data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d, false);
  out.set(Array.from(data), 4 + 4 * dims.length);
  return out;
}

/** Writes `bytes` at `dir/name`, gzipped when `gzip`. */
export function put(dir: string, name: string, bytes: Uint8Array, gzip = false): string {
  const p = join(dir, gzip ? `${name}.gz` : name);
  writeFileSync(p, gzip ? gzipSync(bytes) : bytes);
  return p;
}

/** A deterministic byte pattern (so expected pixels are computable independently). */
export function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 17) % 256;
  return out;
}
