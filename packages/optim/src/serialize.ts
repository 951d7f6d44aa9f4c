import { deserialize, RuntimeError, serialize, Tensor, ValueError } from '@kindling/core';
import type { Optimizer, OptimizerStateDict, ParamState } from './optimizer.js';

/**
 * Optimizer state on disk: ONE safetensors file. Every state tensor is stored under
 * `state.<param index>.<key>` (e.g. `state.0.exp_avg`), readable by `safetensors.torch.load_file`;
 * everything else — `param_groups` and non-tensor state values such as `step` — is JSON in the
 * header's `__metadata__` (`kindling.optim.param_groups`, `kindling.optim.state`), so the file is
 * self-contained and loading it never runs code.
 */
const FORMAT = 'kindling.optim/1';

function stateDictOf(x: Optimizer<object> | OptimizerStateDict): OptimizerStateDict {
  return 'paramGroups' in x ? x.stateDict() : x;
}

/** Encodes an optimizer's state dict as safetensors bytes (see the module notes for the layout). */
export function serializeOptimizerState(
  optimizerOrStateDict: Optimizer<object> | OptimizerStateDict,
): Uint8Array {
  const sd = stateDictOf(optimizerOrStateDict);
  const tensors: Record<string, Tensor> = {};
  const plain: Record<string, Record<string, number | null>> = {};
  for (const [i, entry] of Object.entries(sd.state)) {
    const rest: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(entry)) {
      if (v instanceof Tensor) tensors[`state.${i}.${k}`] = v;
      else rest[k] = v;
    }
    plain[i] = rest;
  }
  return serialize(tensors, {
    format: FORMAT,
    'kindling.optim.param_groups': JSON.stringify(sd.param_groups),
    'kindling.optim.state': JSON.stringify(plain),
  });
}

/** Decodes bytes written by {@link serializeOptimizerState} into a state dict for `loadStateDict`. */
export function deserializeOptimizerState(bytes: Uint8Array | ArrayBuffer): OptimizerStateDict {
  const { tensors, metadata } = deserialize(bytes);
  return fromParts(tensors, metadata);
}

function fromParts(
  tensors: Record<string, Tensor>,
  metadata: Record<string, string> | null,
): OptimizerStateDict {
  if (metadata?.format !== FORMAT) {
    throw new ValueError(`not an optimizer state file: expected metadata format '${FORMAT}'`);
  }
  const groups = JSON.parse(
    metadata['kindling.optim.param_groups'] ?? '[]',
  ) as OptimizerStateDict['param_groups'];
  const plain = JSON.parse(metadata['kindling.optim.state'] ?? '{}') as Record<string, ParamState>;
  const state: Record<number, ParamState> = {};
  for (const [i, rest] of Object.entries(plain)) state[Number(i)] = { ...rest };
  for (const [name, t] of Object.entries(tensors)) {
    const m = /^state\.(\d+)\.(.+)$/.exec(name);
    if (m === null) throw new ValueError(`unexpected tensor '${name}' in an optimizer state file`);
    const i = Number(m[1]);
    state[i] ??= {};
    state[i][m[2]!] = t;
  }
  return { state, param_groups: groups };
}

interface NodeFs {
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
}

/** Node's `fs` without a static import, as core's `torch.save` reaches it (the package stays browser-safe). */
function nodeFs(fn: string): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') {
    throw new RuntimeError(
      `${fn} needs Node's file system (Node >= 20.16); elsewhere use serializeOptimizerState / deserializeOptimizerState`,
    );
  }
  return proc.getBuiltinModule('node:fs') as NodeFs;
}

/**
 * Saves an optimizer's state to one safetensors file (Node only); restore with
 * `optimizer.loadStateDict(loadOptimizerState(path))`.
 * @example
 * saveOptimizerState(opt, 'opt.safetensors');
 * opt2.loadStateDict(loadOptimizerState('opt.safetensors'));
 */
export function saveOptimizerState(
  optimizerOrStateDict: Optimizer<object> | OptimizerStateDict,
  path: string,
): void {
  nodeFs('saveOptimizerState').writeFileSync(path, serializeOptimizerState(optimizerOrStateDict));
}

/** Reads a file written by {@link saveOptimizerState} into a state dict (Node only). */
export function loadOptimizerState(path: string): OptimizerStateDict {
  return deserializeOptimizerState(nodeFs('loadOptimizerState').readFileSync(path));
}
