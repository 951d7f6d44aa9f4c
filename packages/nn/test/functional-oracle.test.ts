import type { Tensor } from '@kindling/core';
import * as core from '@kindling/core';
import { describe, expect, it } from 'vitest';
import * as F from '../src/functional/index.js';
import golden from './fixtures/nn_functional.json';
import { decode, expectTensor, type OracleCase, resolve } from './oracle-helpers.js';

// Every case in the fixture: forward values, gradients of (out · w).sum() w.r.t. every input that
// requires grad, or PyTorch's error (class and message) — see tools/oracle/nn_functional.py.
const cases = golden.cases as unknown as OracleCase[];
const fns = F as unknown as Record<string, (...args: unknown[]) => Tensor>;

// PyTorch's hardsigmoid backward multiplies by the float32 constant 1.0f / 6.0f even for float64
// (6.7e-9 from 1/6); Kindling's gradient is the exact derivative, so those grads get 1e-7 relative slack.
const GRAD_RTOL: Record<string, number> = { hardsigmoid: 1e-7 };

// Dropout draws the same bits as PyTorch from the same seed: its values must match exactly.
const EXACT = new Set(['dropout']);

const byFn = new Map<string, OracleCase[]>();
for (const c of cases) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);

for (const [fn, list] of byFn) {
  describe(`F.${fn} matches PyTorch`, () => {
    for (const c of list) {
      it(c.name, () => {
        const f = fns[fn];
        expect(typeof f, `F.${fn} exists`).toBe('function');
        const tensors = Object.fromEntries(Object.entries(c.inputs).map(([k, e]) => [k, decode(e)]));
        const args = resolve(c.args, tensors) as unknown[];
        if (c.seed !== undefined) core.manualSeed(c.seed);
        if (c.error) {
          let thrown: unknown = null;
          try {
            f!(...args);
          } catch (e) {
            thrown = e;
          }
          expect(thrown, 'throws').toBeInstanceOf(Error);
          const err = thrown as Error;
          expect(err.message.split('\n')[0]).toBe(c.error.message);
          expect(err.name).toBe(c.error.type === 'AssertionError' ? 'RuntimeError' : c.error.type);
          return;
        }
        const out = f!(...args);
        expectTensor(out, c.out!, 'output', 0, EXACT.has(fn));
        if (!c.grads) return;
        out.mul(decode(c.w!)).sum().backward();
        for (const [k, want] of Object.entries(c.grads)) {
          const g = tensors[k]!.grad;
          expect(g, `grad of ${k}`).not.toBeNull();
          expectTensor(g!, want, `grad ${k}`, GRAD_RTOL[fn] ?? 0);
        }
      });
    }
  });
}
