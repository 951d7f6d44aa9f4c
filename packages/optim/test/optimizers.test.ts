import type { DType, Tensor } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import * as optim from '../src/index.js';
import {
  camel,
  camelKeys,
  FIXTURE,
  makeParams,
  maxRelErr,
  type OptimizerCase,
  setGrads,
  values,
} from './helpers.js';

type Ctor = new (params: optim.ParamsInput, ...args: unknown[]) => optim.Optimizer<object>;
export const CLASSES: Record<string, Ctor> = {
  SGD: optim.SGD as unknown as Ctor,
  Adam: optim.Adam as unknown as Ctor,
  AdamW: optim.AdamW as unknown as Ctor,
  RMSprop: optim.RMSprop as unknown as Ctor,
  Adagrad: optim.Adagrad as unknown as Ctor,
  Adamax: optim.Adamax as unknown as Ctor,
  NAdam: optim.NAdam as unknown as Ctor,
  RAdam: optim.RAdam as unknown as Ctor,
};

/** float64 follows PyTorch to an ulp or two; float32 within a few ulps checks the rounding order. */
const TOL: Record<string, number> = { float64: 1e-14, float32: 2.5e-7 };

export function build(c: OptimizerCase, params: Tensor[]): optim.Optimizer<object> {
  const cls = CLASSES[c.optimizer]!;
  const kwargs = camelKeys(c.kwargs);
  if (c.groups === null) return new cls(params, kwargs);
  const groups = c.groups.map((g) => ({ ...camelKeys(g), params: g.params.map((i) => params[i]!) }));
  return new cls(groups, kwargs);
}

describe.each(FIXTURE.optimizers)('$optimizer $label $dtype', (c) => {
  it('follows PyTorch step for step', () => {
    const params = makeParams(c.dtype as DType);
    const opt = build(c, params);
    c.trajectory.forEach((expected, s) => {
      setGrads(params, s, c.dtype as DType, c.skip);
      opt.step();
      params.forEach((p, i) => {
        const err = maxRelErr(values(p), expected[i]!);
        expect(err, `step ${s} param ${i}`).toBeLessThanOrEqual(TOL[c.dtype]!);
      });
    });
    // The state dict has PyTorch's structure, keys and values.
    const sd = opt.stateDict();
    expect(Object.keys(sd.state).sort()).toEqual(Object.keys(c.state).sort());
    for (const [i, st] of Object.entries(c.state)) {
      const mine = sd.state[Number(i)]!;
      expect(Object.keys(mine).sort()).toEqual(Object.keys(st).sort());
      for (const [k, v] of Object.entries(st)) {
        const m = mine[k];
        if (v === null || typeof v === 'number') {
          expect(m, k).toBe(v);
        } else {
          expect(maxRelErr(values(m as Tensor), v), `${i}.${k}`).toBeLessThanOrEqual(TOL[c.dtype]! * 10);
        }
      }
    }
    sd.param_groups.forEach((g, gi) => {
      const theirs = c.param_groups[gi]!;
      expect(g.params).toEqual(theirs.params);
      for (const [k, v] of Object.entries(g)) {
        expect(k in theirs, `param_groups key ${k}`).toBe(true);
        expect(v, k).toEqual(theirs[k]);
      }
      // Every PyTorch option has its camelCase counterpart (bar implementation switches).
      for (const k of Object.keys(theirs)) {
        if (['foreach', 'differentiable', 'capturable', 'fused'].includes(k)) continue;
        expect(camel(k) in opt.paramGroups[gi]!, `group option ${k}`).toBe(true);
      }
    });
  });
});
