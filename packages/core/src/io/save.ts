import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import {
  type DeserializeOptions,
  deserialize,
  type SafetensorsMetadata,
  serialize,
  serializeAsync,
} from './safetensors.js';

/** Options of {@link save} / {@link saveAsync}. */
export interface SaveOptions {
  /** Strings stored under the header's `__metadata__` (e.g. `{ format: 'pt' }`). */
  metadata?: SafetensorsMetadata | null;
}

interface NodeFs {
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
  promises: {
    readFile(path: string): Promise<Uint8Array>;
    writeFile(path: string, data: Uint8Array): Promise<void>;
  };
}

/**
 * Node's `fs`, reached through `process.getBuiltinModule` so that core has no static Node import
 * and stays loadable in browsers and bundlers.
 */
function nodeFs(fn: string): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') {
    throw new RuntimeError(
      `torch.${fn} needs Node's file system (Node >= 20.16); elsewhere use torch.serialize / torch.deserialize ` +
        'and store the bytes yourself',
    );
  }
  return proc.getBuiltinModule('node:fs') as NodeFs;
}

/**
 * Writes a record of tensors to a safetensors file (readable by `safetensors.torch.load_file`).
 * Unlike PyTorch's pickle-based `torch.save`, only tensors and string metadata are stored — which is
 * what makes loading untrusted files safe. Node only.
 * @example
 * torch.save(model.stateDict(), 'model.safetensors');
 */
export function save(tensors: Record<string, Tensor>, path: string, opts: SaveOptions = {}): void {
  const fs = nodeFs('save');
  fs.writeFileSync(path, serialize(tensors, opts.metadata));
}

/** {@link save} without blocking, and for tensors on asynchronous devices. */
export async function saveAsync(
  tensors: Record<string, Tensor>,
  path: string,
  opts: SaveOptions = {},
): Promise<void> {
  const fs = nodeFs('saveAsync');
  await fs.promises.writeFile(path, await serializeAsync(tensors, opts.metadata));
}

/**
 * Reads a safetensors file written by {@link save}, `safetensors.torch.save_file` or any other
 * conforming writer, validating it as untrusted input (see {@link deserialize}). Node only.
 * Mirrors `safetensors.torch.load_file(path, device=...)`.
 * @example
 * const state = torch.load('model.safetensors', { device: 'cpu' });
 */
export function load(path: string, opts: DeserializeOptions = {}): Record<string, Tensor> {
  const fs = nodeFs('load');
  return deserialize(fs.readFileSync(path), opts).tensors;
}

/** {@link load} without blocking. */
export async function loadAsync(
  path: string,
  opts: DeserializeOptions = {},
): Promise<Record<string, Tensor>> {
  const fs = nodeFs('loadAsync');
  return deserialize(await fs.promises.readFile(path), opts).tensors;
}
