import { readFileSync } from 'node:fs';
import { registerCpuBackend } from '@kindling/backend-cpu';
import { type DType, type Tensor, tensor } from '@kindling/core';

registerCpuBackend();

/** The fixture written by tools/oracle/optim.py (real PyTorch 1.13). */
export const FIXTURE = JSON.parse(
  readFileSync(new URL('./fixtures/optim.json', import.meta.url), 'utf8'),
) as Fixture;

export interface OptimizerCase {
  optimizer: string;
  label: string;
  kwargs: Record<string, unknown>;
  groups: Array<Record<string, unknown> & { params: number[] }> | null;
  skip: boolean;
  dtype: 'float32' | 'float64';
  trajectory: number[][][];
  state: Record<string, Record<string, number | number[] | null>>;
  param_groups: Array<Record<string, unknown>>;
}

export interface SchedulerCase {
  scheduler: string;
  kwargs: Record<string, unknown>;
  optimizer: 'sgd' | 'adam';
  metrics: number[] | null;
  last_lr: number[][];
  group_lr: number[][];
  momentum?: number[][];
}

export interface Fixture {
  init: number[][];
  shapes: number[][];
  grads: number[][][];
  skip: [number, number][];
  optimizers: OptimizerCase[];
  schedulers: SchedulerCase[];
  errors: Record<string, [string, string] | null>;
  training: {
    X: number[];
    y: number[];
    runs: { name: string; losses: number[]; w: number[]; b: number[] }[];
  };
}

/** snake_case → camelCase, for PyTorch keyword names. */
export function camel(k: string): string {
  return k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function camelKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
}

/** Fresh leaf parameters with the fixture's initial values. */
export function makeParams(dtype: DType): Tensor[] {
  return FIXTURE.init.map((v, i) =>
    tensor(v, { dtype }).reshape(FIXTURE.shapes[i]!).detach().requiresGrad_(true),
  );
}

/** Sets each parameter's gradient for step `s` (null where the case skips it). */
export function setGrads(params: Tensor[], s: number, dtype: DType, skip: boolean): void {
  params.forEach((p, i) => {
    const skipped = skip && FIXTURE.skip.some(([ss, ii]) => ss === s && ii === i);
    p.grad = skipped ? null : tensor(FIXTURE.grads[s]![i]!, { dtype }).reshape(FIXTURE.shapes[i]!);
  });
}

export function values(t: Tensor): number[] {
  return Array.from(t.contiguous().dataSync() as ArrayLike<number>);
}

/** Max |a - b| / max(1, |b|) over two flat lists. */
export function maxRelErr(a: number[], b: number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
    if (!(d <= m)) m = d;
  }
  return m;
}
