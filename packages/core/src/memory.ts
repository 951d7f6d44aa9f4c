import { memoryStats } from './backend.js';
import type { Tensor } from './tensor.js';

type ScopeFrame = Tensor[];

interface AsyncStore {
  getStore(): ScopeFrame[] | undefined;
  run<R>(store: ScopeFrame[], fn: () => R): R;
}

// Async scopes need to know which async chain made a tensor. Node has AsyncLocalStorage; browsers
// (until AsyncContext ships) fall back to one global stack, documented as not safe for interleaved
// async scopes.
const asyncStore: AsyncStore | undefined = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const hooks = proc?.getBuiltinModule?.('node:async_hooks') as
    | { AsyncLocalStorage: new () => AsyncStore }
    | undefined;
  return hooks ? new hooks.AsyncLocalStorage() : undefined;
})();

const globalStack: ScopeFrame[] = [];

function currentStack(): ScopeFrame[] {
  return asyncStore?.getStore() ?? globalStack;
}

/** Records a new tensor in the innermost open scope. */
export function trackInScope(t: Tensor): void {
  const stack = asyncStore?.getStore() ?? globalStack;
  if (stack.length > 0) stack[stack.length - 1]!.push(t);
}

/** Anything made of tensors: what a scope may return and keep. */
export type TensorContainer =
  | Tensor
  | TensorContainer[]
  | { [key: string]: TensorContainer }
  | number
  | string
  | boolean
  | null
  | undefined
  | void;

function collectKept(
  value: unknown,
  keep: Set<Tensor>,
  isTensor: (x: unknown) => x is Tensor,
  depth = 0,
): void {
  if (depth > 32 || value === null || typeof value !== 'object') return;
  if (isTensor(value)) {
    keep.add(value);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectKept(v, keep, isTensor, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) collectKept(v, keep, isTensor, depth + 1);
}

let isTensorFn: (x: unknown) => x is Tensor = (_x): _x is Tensor => false;
/** Set once by the Tensor module (avoids an import cycle). */
export function _setTensorCheck(fn: (x: unknown) => x is Tensor): void {
  isTensorFn = fn;
}

function closeFrame(frame: ScopeFrame, result: unknown): void {
  const keep = new Set<Tensor>();
  collectKept(result, keep, isTensorFn);
  const stack = currentStack();
  const parent = stack[stack.length - 1];
  for (const t of frame) {
    if (keep.has(t)) parent?.push(t);
    // Parameters (leaves that require grad) and tensors handed to a longer-lived owner — a leaf's
    // `.grad`, anything passed to keep() — outlive the scope.
    else if (!t.escapedScope && (!t.requiresGrad || !t.isLeaf)) t.dispose();
  }
}

/**
 * Runs `fn` and disposes every tensor created inside it, except those in its result (returned
 * tensors, arrays or plain objects of them) and leaves that require grad. Works with async `fn`:
 * in Node each async scope sees only its own tensors.
 * @example
 * const loss = torch.scope(() => model(x).sub(y).square().mean());
 */
export function scope<T>(fn: () => T): T {
  const frame: ScopeFrame = [];
  const run = (): T => {
    const stack = currentStack();
    stack.push(frame);
    let result: T;
    try {
      result = fn();
    } catch (e) {
      stack.pop();
      closeFrame(frame, undefined);
      throw e;
    }
    if (result instanceof Promise) {
      return result.then(
        (v) => {
          stack.splice(stack.lastIndexOf(frame), 1);
          closeFrame(frame, v);
          return v;
        },
        (e) => {
          stack.splice(stack.lastIndexOf(frame), 1);
          closeFrame(frame, undefined);
          throw e;
        },
      ) as T;
    }
    stack.pop();
    closeFrame(frame, result);
    return result;
  };
  if (asyncStore) return asyncStore.run([...currentStack()], run);
  return run();
}

/**
 * Hands a tensor that outlived its own scope (a leaf's old `.grad`) to the innermost open scope, which
 * disposes it when it closes, unless returned or kept. Outside any scope it is left to the garbage
 * collector. `zeroGrad()` uses it so a training step in `torch.scope` frees last step's gradients
 * (device memory is not garbage collected).
 */
export function disposeWithScope(t: Tensor): void {
  const stack = currentStack();
  if (stack.length === 0) return;
  t.escapedScope = false;
  stack[stack.length - 1]!.push(t);
}

/** Keeps a tensor alive past the scope it was made in. */
export function keep<T extends Tensor>(t: T): T {
  t.escapedScope = true;
  return t;
}

/** Live storages and bytes per device (`torch.memory()`). */
export function memory(): {
  devices: Record<string, { storages: number; bytes: number }>;
  storages: number;
  bytes: number;
} {
  const devices: Record<string, { storages: number; bytes: number }> = {};
  let storages = 0;
  let bytes = 0;
  for (const [name, s] of memoryStats.storages) {
    devices[name] = { storages: s.count, bytes: s.bytes };
    storages += s.count;
    bytes += s.bytes;
  }
  return { devices, storages, bytes };
}
