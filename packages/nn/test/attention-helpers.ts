import { readFileSync } from 'node:fs';
import * as torch from 'kindling';
import { expect } from 'vitest';

/** A tensor as tools/oracle/nn_attn.py encodes it: non-finite numbers as 'inf', '-inf', 'nan'. */
export interface AttnEnc {
  shape: number[];
  dtype: string;
  values: (number | boolean | string)[];
}

/** One forward/backward case of the oracle. */
export interface AttnCase {
  name: string;
  state: Record<string, AttnEnc>;
  inputs: AttnEnc[];
  same: number[];
  masks: Record<string, AttnEnc>;
  output: AttnEnc;
  weights: AttnEnc | null;
  lossWeight: AttnEnc;
  lossWeight2?: AttnEnc;
  inputGrads: AttnEnc[];
  paramGrads: Record<string, AttnEnc>;
}

export const attnFixture = JSON.parse(
  readFileSync(new URL('./fixtures/nn-attn.json', import.meta.url), 'utf8'),
);

const num = (v: number | boolean | string): number | boolean =>
  v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? Number.NaN : (v as number | boolean);

export function dec(e: AttnEnc): torch.Tensor {
  return torch.tensor(e.values.map(num) as number[], { dtype: e.dtype as torch.DType }).reshape(e.shape);
}

/** Equality within `atol + rtol·|expected|` per element (infinities must match exactly). */
export function expectNear(t: torch.Tensor, e: AttnEnc, atol: number, rtol: number, what = ''): void {
  expect(t.shape, what).toEqual(e.shape);
  const got = Array.from(t.contiguous().dataSync() as ArrayLike<number>);
  const want = e.values.map(num) as number[];
  const bad = got.findIndex(
    (v, i) => !(v === want[i] || Math.abs(v - want[i]!) <= atol + rtol * Math.abs(want[i]!)),
  );
  if (bad >= 0) expect.fail(`${what} element ${bad}: got ${got[bad]}, PyTorch ${want[bad]}`);
}

/** Loads PyTorch's state dict (strict: this checks every key name), in the fixture's dtype. */
export function loadCase(m: torch.nn.Module, c: AttnCase): void {
  const dtype = c.inputs[0]!.dtype as torch.DType;
  m.to(dtype).eval();
  m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, dec(v)])));
}

/** Leaf inputs requiring grad; inputs the oracle passed as one tensor stay one tensor. */
export function caseInputs(c: AttnCase): { leaves: torch.Tensor[]; inputs: torch.Tensor[] } {
  const leaves: torch.Tensor[] = [];
  c.inputs.forEach((e, i) => {
    const j = c.same[i]!;
    if (!leaves[j]) leaves[j] = dec(e).requiresGrad_();
  });
  return { leaves, inputs: c.same.map((j) => leaves[j]!) };
}

/** Backward of the oracle's loss, then every input and parameter gradient against PyTorch's. */
export function checkGrads(
  m: torch.nn.Module,
  c: AttnCase,
  leaves: torch.Tensor[],
  out: torch.Tensor,
  weights: torch.Tensor | null,
  tol: number,
): void {
  let loss = out.mul(dec(c.lossWeight)).sum();
  if (weights && c.lossWeight2) loss = loss.add(weights.mul(dec(c.lossWeight2)).sum());
  loss.backward();
  c.inputGrads.forEach((g, i) => {
    expectNear(leaves[i]!.grad!, g, tol, tol, `grad of input ${i}`);
  });
  const params = Object.fromEntries(m.namedParameters());
  expect(Object.keys(c.paramGrads).sort()).toEqual(
    Object.keys(params)
      .filter((k) => params[k]!.grad)
      .sort(),
  );
  for (const [k, g] of Object.entries(c.paramGrads))
    expectNear(params[k]!.grad!, g, tol, tol, `grad of ${k}`);
}
