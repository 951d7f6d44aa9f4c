import { RuntimeError } from '@kindling/core';

/** A parsed IDX file (the format of the MNIST family): its dimensions and raw uint8 payload. */
export interface IdxFile {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses an IDX file of unsigned bytes (`torchvision.datasets.mnist.read_sn3_pascalvincent_tensor`).
 * The bytes are untrusted: the magic, the rank and the exact payload size are checked, and every
 * error names `path`.
 */
export function parseIdx(bytes: Uint8Array, path: string, expectedRank: number): IdxFile {
  if (bytes.length < 4) throw new RuntimeError(`${path}: not an IDX file (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new RuntimeError(`${path}: not an IDX file (bad magic number ${hex(bytes, 4)})`);
  }
  const type = bytes[2]!;
  const rank = bytes[3]!;
  if (type !== 0x08) {
    throw new RuntimeError(
      `${path}: IDX data type 0x${type.toString(16)} is not supported (expected 0x08, uint8)`,
    );
  }
  if (rank !== expectedRank) {
    throw new RuntimeError(`${path}: expected an IDX file of ${expectedRank} dimension(s), got ${rank}`);
  }
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new RuntimeError(`${path}: truncated IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let numel = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    numel *= d;
  }
  const got = bytes.length - header;
  if (got !== numel) {
    const what = got < numel ? 'truncated' : 'trailing bytes';
    throw new RuntimeError(
      `${path}: ${what}: header says [${dims.join(', ')}] (${numel} bytes of data), file has ${got}`,
    );
  }
  return { dims, data: bytes.subarray(header) };
}

function hex(bytes: Uint8Array, n: number): string {
  return `0x${Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
