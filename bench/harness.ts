/**
 * Shared pieces of the benchmark: the workloads' names and shapes, seeded data, the timing rule
 * (median of timed reps after warm-up) and the machine description written into RESULTS.md.
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** One prepared workload on one peer: `run` is timed; `check` returns values compared across peers. */
export interface Prepared {
  /** One timed unit of work (it must leave no growing memory behind). */
  run(): void;
  /** Numbers that must agree across peers (computed once, before timing). */
  check?(): number[];
  /** Frees what `prepare` made. */
  dispose(): void;
  /** How many ops one `run` performs, when the result is reported per op (µs/op rows). */
  opsPerRun?: number;
  /** At most this many timed reps for runs slower than 1 s (default 5): for multi-second steps. */
  maxReps?: number;
}

/** A framework under test: prepares each workload by id, or returns null where it cannot run it. */
export interface Peer {
  readonly name: string;
  init?(): Promise<void>;
  prepare(id: string): Prepared | null;
}

/** What is measured: ids are shared by every peer. */
export interface Workload {
  id: string;
  group: 'matmul' | 'elementwise' | 'reduce' | 'overhead' | 'mlp' | 'conv';
  label: string;
  /** The unit printed in the tables. */
  unit: 'ms' | 'µs/op';
  /** Relative tolerance of the cross-peer check. */
  tol: number;
}

export const MATMUL_SIZES = [128, 256, 512, 1024];
export const RELU_SIZES = [1 << 20, 1 << 24];
/** Ops per timed rep of the per-op overhead rows (each rep is a loop; the median is divided). */
export const OVERHEAD_OPS = 20_000;
export const MLP = { batch: 128, sizes: [784, 512, 256, 10], lr: 0.01 };

export const WORKLOADS: Workload[] = [
  ...MATMUL_SIZES.map(
    (n): Workload => ({
      id: `matmul-${n}`,
      group: 'matmul',
      label: `matmul ${n}×${n} @ ${n}×${n}`,
      unit: 'ms',
      tol: 1e-4,
    }),
  ),
  ...RELU_SIZES.map(
    (n): Workload => ({
      id: `relu-add-${n}`,
      group: 'elementwise',
      label: `relu(a + b), ${fmtCount(n)} elements`,
      unit: 'ms',
      tol: 1e-6,
    }),
  ),
  { id: 'sum-all', group: 'reduce', label: 'sum, 16M → scalar', unit: 'ms', tol: 1e-4 },
  { id: 'sum-dim1', group: 'reduce', label: 'sum over dim 1, [4096, 4096] → [4096]', unit: 'ms', tol: 1e-4 },
  { id: 'overhead-add', group: 'overhead', label: 'add on 1-element tensors', unit: 'µs/op', tol: 1e-6 },
  {
    id: 'overhead-add-grad',
    group: 'overhead',
    label: 'add on 1-element tensors, input requires grad',
    unit: 'µs/op',
    tol: 1e-6,
  },
  {
    id: 'mlp-step',
    group: 'mlp',
    label: 'MLP 784-512-256-10 train step, batch 128 (fwd + softmax CE + bwd + SGD)',
    unit: 'ms',
    tol: 1e-4,
  },
  {
    id: 'conv2d-fwd',
    group: 'conv',
    label: 'conv2d forward, [32, 64, 14, 14] * 64 3×3 filters, padding 1',
    unit: 'ms',
    tol: 1e-4,
  },
  {
    id: 'cnn-step',
    group: 'conv',
    label: 'LeNet-style CNN train step, batch 64, 28×28 (conv-relu-pool ×2, linear ×2, CE, SGD)',
    unit: 'ms',
    tol: 1e-4,
  },
];

function fmtCount(n: number): string {
  return n >= 1 << 20 ? `${n / (1 << 20)}M` : String(n);
}

/**
 * Seeded uniform values in [-scale/2, scale/2): every peer gets the same numbers, so their results
 * can be compared (Kindling, tfjs-cpu and tfjs-wasm all compute in float32).
 */
export function seeded(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 4294967296 - 0.5) * scale;
  }
  return out;
}

/** The MLP's data: parameters in PyTorch's nn.Linear layout ([out, in] weights), one batch, one-hot labels. */
export function mlpData(): {
  weights: Float32Array[];
  biases: Float32Array[];
  x: Float32Array;
  onehot: Float32Array;
} {
  const { batch, sizes } = MLP;
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    // Uniform(-1/sqrt(fanIn), 1/sqrt(fanIn)), nn.Linear's default init range.
    weights.push(seeded(fanOut * fanIn, 100 + l, 2 / Math.sqrt(fanIn)));
    biases.push(seeded(fanOut, 200 + l, 2 / Math.sqrt(fanIn)));
  }
  const x = seeded(batch * sizes[0]!, 300, 2);
  const classes = sizes[sizes.length - 1]!;
  const onehot = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) onehot[i * classes + ((i * 7 + 3) % classes)] = 1;
  return { weights, biases, x, onehot };
}

/** Median of `reps` timed runs after `warmup` untimed ones, in ms. Slow workloads get fewer reps. */
export function timeMedian(run: () => void, minReps = 7, maxSlowReps = 5): { median: number; reps: number } {
  let t0 = performance.now();
  run();
  const first = performance.now() - t0;
  // Anything slower than 1 s per run gets the minimum the brief allows: 1 warm-up, 5 timed reps.
  const slow = first > 1000;
  if (!slow) run();
  const reps = slow ? maxSlowReps : minReps;
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { median, reps };
}

/** CPU model, cores, memory, Node/V8 versions and the date, for the results header. */
export function machineInfo(): Record<string, string> {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1]!.trim();
  } catch {
    // Not Linux: keep os.cpus()'s model.
  }
  return {
    cpu: `${model} (${cpus().length} logical cores visible)`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
  };
}

/** Largest |a - b| / max(1, |b|) over two equally long lists. */
export function maxRelDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
    if (!(d <= worst)) worst = d; // NaN counts as the worst
  }
  return worst;
}

/** A few fixed, spread-out samples of a long array plus its sum: cheap to compare across peers. */
export function fingerprint(data: ArrayLike<number>): number[] {
  const n = data.length;
  const out: number[] = [];
  for (let k = 0; k < 8; k++) out.push(data[Math.floor((k * (n - 1)) / 7)]!);
  let s = 0;
  for (let i = 0; i < n; i++) s += data[i]!;
  out.push(s / Math.max(1, n));
  return out;
}
