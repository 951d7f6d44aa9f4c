import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { callOp, floatOutputs, hasAny, hasOp, inputNeedsGrad, outputsOf, specHash } from './call.js';
import { compareValues, defaultTolerance, type Golden, type Goldens, type Torch } from './compare.js';
import { buildInput, layoutApplies, makeInputValues, makeWeights } from './inputs.js';
import { fnv1a } from './lcg.js';
import {
  caseKey,
  entryKey,
  FLOATS,
  LAYOUTS,
  type Layout,
  type OpEntry,
  type Sample,
  sampleKey,
  type Tolerance,
} from './spec.js';
import { SAMPLE_TABLE } from './table.js';

/** The slice of a test framework the suite needs; vitest's `describe`, `it` and `expect` fit. */
export interface TestFns {
  describe(name: string, fn: () => void): void;
  it: { (name: string, fn: () => Promise<void> | void): void; skip(name: string, fn: () => void): void };
  expect(actual: unknown, message?: string): { toBe(expected: unknown): void };
}

/** What {@link runConformance} needs to run the suite on one device. */
export interface ConformanceOptions extends TestFns {
  /** The `@kindling/core` namespace (`import * as torch from '@kindling/core'`). */
  torch: Torch;
  /** The device under test, registered beforehand. */
  device: string;
  /** The fixture `tools/oracle/generate.py` wrote. */
  goldens: Goldens;
  /** Known gaps of this backend: an entry key, `key#sample` or `key#sample:dtype` → the reason. */
  skip?: Readonly<Record<string, string>>;
  /** Defaults to the whole {@link SAMPLE_TABLE}. */
  table?: readonly OpEntry[];
  /** Run gradcheck in float64 for every differentiable sample (default true). */
  gradcheck?: boolean;
  /** Also check second derivatives with gradgradcheck (default true; needs `gradcheck`). */
  gradgradcheck?: boolean;
  /** The dtypes the device stores (default: all); cases in others are skipped with a reason. */
  dtypes?: readonly DType[];
  /**
   * Loosens float32 comparisons (a device with approximate transcendentals or another summation
   * order): the tolerance used is the larger of this and the sample's own.
   */
  tol32?: Tolerance;
}

interface Case {
  readonly entry: OpEntry;
  readonly sample: Sample;
  readonly index: number;
  readonly dtype: DType;
}

/** Builds the inputs for one layout, leaves that require grad where the sample says so. */
function build(o: ConformanceOptions, c: Case, layout: Layout): Tensor[] {
  const values = makeInputValues(c.sample.inputs, c.dtype, fnv1a(sampleKey(c.entry, c.index)));
  return values.map((v, j) => {
    const t = buildInput(o.torch, v, layout, o.device);
    return inputNeedsGrad(c.entry, c.sample, j, c.dtype) ? t.detach().requiresGrad_(true) : t;
  });
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function toleranceFor(o: ConformanceOptions, c: Case, dtype: DType): Tolerance {
  const base = dtype === 'float32' && c.sample.tol32 ? c.sample.tol32 : defaultTolerance(dtype);
  if (dtype !== 'float32' || !o.tol32) return base;
  return { rtol: Math.max(base.rtol, o.tol32.rtol), atol: Math.max(base.atol, o.tol32.atol) };
}

/** Runs one case; returns what went wrong, or null. */
async function check(
  o: ConformanceOptions,
  c: Case,
  golden: Golden,
  layout: Layout,
  grads: boolean,
): Promise<string | null> {
  const inputs = build(o, c, layout);
  let outs: Tensor[];
  try {
    outs = outputsOf(o.torch, callOp(o.torch, c.entry, c.sample, inputs));
  } catch (e) {
    return golden.error !== undefined ? null : `threw ${message(e)}`;
  }
  if (golden.error !== undefined) return `PyTorch raises "${golden.error}", but the op returned a result`;
  const want = golden.outputs!;
  if (outs.length !== want.length) return `${outs.length} outputs, PyTorch gives ${want.length}`;
  const problems: string[] = [];
  for (let k = 0; k < outs.length; k++) {
    const [t, g] = [outs[k]!, want[k]!];
    if (t.shape.join() !== g.shape.join())
      problems.push(`output ${k}: shape [${t.shape}], PyTorch [${g.shape}]`);
    else if (t.dtype !== g.dtype) problems.push(`output ${k}: dtype ${t.dtype}, PyTorch ${g.dtype}`);
    else {
      const tol = toleranceFor(o, c, t.dtype);
      const bad = compareValues(await t.data(), g.values, tol);
      if (bad) problems.push(`output ${k}: ${bad}`);
    }
    if (t.requiresGrad !== g.requiresGrad)
      problems.push(`output ${k}: requiresGrad ${t.requiresGrad}, PyTorch ${g.requiresGrad}`);
  }
  if (problems.length > 0 || !grads) return problems.length ? problems.join('\n') : null;

  let loss: Tensor | null = null;
  outs.forEach((t, k) => {
    if (!want[k]!.requiresGrad || !t.requiresGrad) return;
    const w = makeWeights(fnv1a(`${sampleKey(c.entry, c.index)}:w${k}`), t.numel(), t.dtype);
    const term = t.mul(o.torch.fromTypedArray(w, t.shape, t.dtype, o.device)).sum();
    loss = loss ? loss.add(term) : term;
  });
  if (loss === null) return 'no output requires grad';
  (loss as Tensor).backward();
  // Reads are awaited: devices such as 'gpu' in webgpu mode cannot read synchronously.
  for (const [j, g] of golden.grads!.entries()) {
    const got = inputs[j]!.grad;
    if (g === null) {
      if (got !== null && (await got.abs().sum().data())[0] !== 0)
        problems.push(`input ${j}: has a nonzero gradient, PyTorch none`);
      continue;
    }
    if (got === null) {
      if (g.some((v) => v !== 0)) problems.push(`input ${j}: no gradient, PyTorch has one`);
      continue;
    }
    if (got.shape.join() !== inputs[j]!.shape.join())
      problems.push(`input ${j}: gradient shape [${got.shape}]`);
    const bad = compareValues(await got.data(), g, toleranceFor(o, c, inputs[j]!.dtype));
    if (bad) problems.push(`input ${j} gradient: ${bad}`);
  }
  return problems.length ? problems.join('\n') : null;
}

/** Finite differences against autograd in float64 on contiguous inputs (of the gradient itself with `second`). */
function runGradcheck(o: ConformanceOptions, c: Case, second = false): string | null {
  const inputs = build(o, c, 'contiguous');
  const diff = inputs.flatMap((t, j) => (t.requiresGrad ? [j] : []));
  const fn = (...xs: Tensor[]): Tensor[] => {
    const all = inputs.slice();
    diff.forEach((j, n) => {
      all[j] = xs[n]!;
    });
    return floatOutputs(outputsOf(o.torch, callOp(o.torch, c.entry, c.sample, all)));
  };
  try {
    const xs = diff.map((j) => inputs[j]!);
    if (second) o.torch.autograd.gradgradcheck(fn, xs);
    else o.torch.autograd.gradcheck(fn, xs);
    return null;
  } catch (e) {
    return message(e);
  }
}

function skipReason(o: ConformanceOptions, c: Case): string | null {
  const key = sampleKey(c.entry, c.index);
  const missing = (c.sample.requires ?? []).find((n) => !hasAny(o.torch, n));
  return (
    (o.dtypes && !o.dtypes.includes(c.dtype) ? `device '${o.device}' does not store ${c.dtype}` : null) ??
    o.skip?.[`${key}:${c.dtype}`] ??
    o.skip?.[key] ??
    c.sample.skip ??
    (missing ? `needs ${missing}, which does not exist yet` : null)
  );
}

function defineSample(o: ConformanceOptions, entry: OpEntry, sample: Sample, index: number): void {
  for (const dtype of sample.dtypes ?? entry.dtypes ?? FLOATS) {
    const c: Case = { entry, sample, index, dtype };
    const name = `#${index} ${dtype}`;
    const reason = skipReason(o, c);
    if (reason) {
      o.it.skip(`${name} — skipped: ${reason}`, () => {});
      continue;
    }
    const golden = o.goldens.cases[caseKey(entry, index, dtype)];
    if (!golden || golden.spec !== specHash(sample)) {
      o.it(name, () => {
        const why = golden
          ? 'the sample changed since the fixture was generated'
          : 'no golden in the fixture';
        o.expect(why, `${caseKey(entry, index, dtype)}: regenerate with tools/oracle (see its README)`).toBe(
          null,
        );
      });
      continue;
    }
    const values = makeInputValues(sample.inputs, dtype, 0);
    const layouts = LAYOUTS.filter(
      (l) =>
        (sample.layouts ?? LAYOUTS).includes(l) &&
        (l === 'contiguous' || values.some((v) => layoutApplies(l, v))),
    );
    const wantGrads =
      entry.differentiable !== false && (golden.grads !== undefined || golden.gradError !== undefined);
    const missing = (sample.gradRequires ?? []).find((n) => !hasAny(o.torch, n));
    const gradSkip = golden.gradError
      ? `PyTorch's backward raises "${golden.gradError}"`
      : missing
        ? `needs ${missing}, which does not exist yet`
        : null;
    for (const layout of layouts) {
      o.it(`${name} ${layout}`, async () => {
        o.expect(await check(o, c, golden, layout, false), `${caseKey(entry, index, dtype)} ${layout}`).toBe(
          null,
        );
      });
      if (!wantGrads) continue;
      if (gradSkip) {
        o.it.skip(`${name} ${layout} grad — skipped: ${gradSkip}`, () => {});
        continue;
      }
      o.it(`${name} ${layout} grad`, async () => {
        o.expect(
          await check(o, c, golden, layout, true),
          `${caseKey(entry, index, dtype)} ${layout} grad`,
        ).toBe(null);
      });
    }
    if (dtype === 'float64' && wantGrads && !gradSkip && o.gradcheck !== false && !sample.noGradcheck) {
      o.it(`#${index} gradcheck`, () => {
        o.expect(runGradcheck(o, c), `${sampleKey(entry, index)} gradcheck`).toBe(null);
      });
      if (o.gradgradcheck !== false && !sample.noGradgradcheck) {
        o.it(`#${index} gradgradcheck`, () => {
          o.expect(runGradcheck(o, c, true), `${sampleKey(entry, index)} gradgradcheck`).toBe(null);
        });
      }
    }
  }
}

/**
 * Defines the backend conformance suite on one device: for every op × sample × dtype × layout, the
 * forward values (and dtypes, shapes, requiresGrad) and the gradients of `(out * w).sum()` are
 * compared with PyTorch's; every differentiable sample is also gradchecked in float64. An op that
 * does not exist yet, and every skip, shows up as a skipped test with its reason.
 * @example
 * import { describe, expect, it } from 'vitest';
 * import * as torch from '@kindling/core';
 * import { runConformance } from '@kindling/core/testing';
 * runConformance({ torch, device: 'cpu', describe, it, expect, goldens });
 */
export function runConformance(o: ConformanceOptions): void {
  for (const entry of o.table ?? SAMPLE_TABLE) {
    const key = entryKey(entry);
    o.describe(key, () => {
      const call = entry.call ?? 'method';
      const reason =
        o.skip?.[key] ??
        (hasOp(o.torch, entry.op, call) ? null : (entry.pending ?? `${call} ${entry.op} does not exist`));
      if (reason) {
        o.it.skip(`skipped: ${reason}`, () => {});
        return;
      }
      entry.samples.forEach((sample, i) => {
        defineSample(o, entry, sample, i);
      });
    });
  }
}
