import { getRngState, setRngState } from '@kindling/core';
import type { Module } from '../module.js';

/**
 * A deep copy of `source` (what PyTorch's `copy.deepcopy` gives `_get_clones`): `make` builds a
 * fresh module of the same configuration with the global RNG state saved and restored around it,
 * so cloning draws no random numbers (as deepcopy does not); then dtype, values, `requiresGrad`
 * and training flags are copied over.
 */
export function cloneModule<T extends Module>(source: T, make: () => T): T {
  const rng = getRngState();
  let copy: T;
  try {
    copy = make();
  } finally {
    setRngState(rng);
  }
  const srcParams = [...source.parameters()];
  const first = srcParams[0];
  if (first) copy.to(first.dtype);
  copy.loadStateDict(source.stateDict());
  const dstParams = [...copy.parameters()];
  srcParams.forEach((p, i) => {
    dstParams[i]!.requiresGrad_(p.requiresGrad);
  });
  const dstModules = [...copy.modules()];
  [...source.modules()].forEach((m, i) => {
    dstModules[i]!.training = m.training;
  });
  return copy;
}
