import { noGrad, RuntimeError, Tensor } from '@kindling/core';
import { Module } from './module.js';

/** Every module below `root` with its dotted name, shared ones under each name (as PyTorch's state_dict walks `_modules`). */
function* walk(m: Module, name: string): Generator<[string, Module]> {
  yield [name, m];
  for (const [n, child] of m._slots()) {
    if (child instanceof Module) yield* walk(child, name ? `${name}.${n}` : n);
  }
}

/** What `loadStateDict` returns (PyTorch's `_IncompatibleKeys`). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** `Module.state_dict`: parameters then persistent buffers of each module, depth first. */
export function stateDict(root: Module, prefix: string, keepVars: boolean): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [modName, m] of walk(root, prefix.replace(/\.$/, ''))) {
    const p = modName ? `${modName}.` : '';
    for (const [name, t] of m._ownParameters()) out[p + name] = keepVars ? t : t.detach();
    for (const [name, t] of m._ownBuffers(true)) out[p + name] = keepVars ? t : t.detach();
  }
  return out;
}

const sizeStr = (s: readonly number[]) => `torch.Size([${s.join(', ')}])`;

/**
 * `Module.load_state_dict`, checked in full before anything is copied: PyTorch copies the keys
 * that fit and then raises; here a failed load leaves the module as it was.
 */
export function loadStateDict(
  root: Module,
  sd: Record<string, Tensor>,
  strict: boolean,
): LoadStateDictResult {
  const missingKeys: string[] = [];
  const unexpectedKeys: string[] = [];
  const mismatches: string[] = [];
  const copies: [Tensor, Tensor][] = [];
  const keys = Object.keys(sd);
  for (const [modName, m] of walk(root, '')) {
    const prefix = modName ? `${modName}.` : '';
    const local = new Map<string, Tensor>([...m._ownParameters(), ...m._ownBuffers(true)]);
    for (const [name, t] of local) {
      const key = prefix + name;
      if (!Object.hasOwn(sd, key)) {
        missingKeys.push(key);
        continue;
      }
      const src: unknown = sd[key];
      if (!(src instanceof Tensor)) {
        mismatches.push(
          `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeof src}`,
        );
        continue;
      }
      if (src.shape.length !== t.shape.length || src.shape.some((d, i) => d !== t.shape[i])) {
        mismatches.push(
          `size mismatch for ${key}: copying a param with shape ${sizeStr(src.shape)} from checkpoint, the shape in current model is ${sizeStr(t.shape)}.`,
        );
        continue;
      }
      copies.push([t, src]);
    }
    const childNames = new Set([...m.namedChildren()].map(([n]) => n));
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      const first = key.slice(prefix.length).split('.', 1)[0]!;
      if (!childNames.has(first) && !local.has(first)) unexpectedKeys.push(key);
    }
  }
  const errors: string[] = [];
  if (strict) {
    if (missingKeys.length) errors.push(`Missing key(s) in state_dict: ${quoteList(missingKeys)}. `);
    if (unexpectedKeys.length) errors.push(`Unexpected key(s) in state_dict: ${quoteList(unexpectedKeys)}. `);
  }
  errors.push(...mismatches);
  if (errors.length) {
    throw new RuntimeError(
      `Error(s) in loading state_dict for ${root.constructor.name}:\n\t${errors.join('\n\t')}`,
    );
  }
  noGrad(() => {
    for (const [dst, src] of copies) dst.copy_(src);
  });
  return { missingKeys, unexpectedKeys };
}

const quoteList = (keys: string[]) => keys.map((k) => `"${k}"`).join(', ');
