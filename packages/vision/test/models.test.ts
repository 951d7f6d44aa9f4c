import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deserialize,
  fromTypedArray,
  manualSeed,
  noGrad,
  randn,
  serialize,
  type Tensor,
} from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { LeNet5, resnet18, SimpleCNN } from '../src/models/index.js';
import './helpers.js';

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/vision-models.json'), 'utf8')) as {
  resnet18_keys: [string, number[], string][];
  eval_output: number[];
  train_running_stats: Record<string, number[]>;
};

/** The weight formula of tools/oracle/vision_models.py (`formula_value`), repeated independently. */
function formulaValue(name: string, k: number, i: number, shape: readonly number[]): number {
  const s = Math.sin(0.37 * i + 1.3 * k);
  if (name.endsWith('running_var')) return 1.0 + 0.5 * s * s;
  if (name.endsWith('running_mean') || name.endsWith('bias')) return 0.1 * s;
  if (shape.length === 1) return 1.0 + 0.1 * s;
  const fanIn = shape.slice(1).reduce((a, b) => a * b, 1);
  return s / Math.sqrt(fanIn);
}

function formulaStateDict(sd: Record<string, Tensor>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  Object.entries(sd).forEach(([name, t], k) => {
    if (t.dtype !== 'float32') {
      out[name] = t;
      return;
    }
    const v = new Float32Array(t.numel());
    for (let i = 0; i < v.length; i++) v[i] = formulaValue(name, k, i, t.shape);
    out[name] = fromTypedArray(v, t.shape, 'float32');
  });
  return out;
}

function input(): Tensor {
  const n = 2 * 3 * 32 * 32;
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin(0.11 * i) + 0.5 * Math.cos(0.07 * i);
  return fromTypedArray(v, [2, 3, 32, 32], 'float32');
}

function expectClose(got: ArrayLike<number>, want: number[], rtol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(rtol * (1 + Math.abs(want[i]!)));
  }
}

describe('resnet18 vs torchvision 0.14', () => {
  // Built once: initialising 11 M parameters takes a second or two.
  const model = resnet18({ numClasses: 10 });
  it("stateDict keys, shapes and dtypes are torchvision's", () => {
    const sd = model.stateDict();
    expect(Object.entries(sd).map(([k, t]) => [k, t.shape, t.dtype])).toEqual(fixture.resnet18_keys);
  });

  it("gives torchvision's output for the same weights (eval and train mode), through safetensors", () => {
    const weights = formulaStateDict(model.stateDict());
    const loaded = deserialize(serialize(weights)).tensors;
    model.loadStateDict(loaded);
    model.eval();
    const x = input();
    noGrad(() => expectClose(model.forward(x).dataSync() as Float32Array, fixture.eval_output, 1e-4));
    model.train();
    noGrad(() => model.forward(x));
    const sd = model.stateDict();
    for (const [name, want] of Object.entries(fixture.train_running_stats)) {
      // Deep layers' statistics carry float32 error from 10+ layers of accumulation.
      expectClose(sd[name]!.dataSync() as Float32Array, want, 1e-3);
    }
  });
});

describe('small CNNs', () => {
  it('LeNet5 and SimpleCNN map [N, 1, 28, 28] to [N, 10] with the expected parameter counts', () => {
    manualSeed(0);
    const count = (m: { parameters(): Iterable<Tensor> }) =>
      [...m.parameters()].reduce((s, p) => s + p.numel(), 0);
    const lenet = new LeNet5();
    const simple = new SimpleCNN();
    const x = randn(3, 1, 28, 28);
    expect(lenet.forward(x).shape).toEqual([3, 10]);
    expect(simple.forward(x).shape).toEqual([3, 10]);
    // (1*25+1)*6 + (6*25+1)*16 + (400+1)*120 + (120+1)*84 + (84+1)*10
    expect(count(lenet)).toBe(156 + 2416 + 48120 + 10164 + 850);
    // (9+1)*32 + (32*9+1)*64 + (3136+1)*128 + (128+1)*10
    expect(count(simple)).toBe(320 + 18496 + 401536 + 1290);
  });
});
