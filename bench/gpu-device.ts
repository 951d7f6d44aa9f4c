/**
 * The GPU benchmark for a machine with a real GPU and no display: Kindling on device 'gpu' in mode
 * `webgpu` (Dawn through Node's `webgpu` package, on the vendor's Vulkan driver), on the workloads of
 * bench/GPU.md — matmul 256–2048, conv2d forward, the MLP and LeNet-style CNN training steps — with
 * kindling-cpu computing the reference values each result is checked against. With `--auto` the mode
 * is left to Kindling's default choice (to check that it finds the real GPU). Every timed rep ends
 * with `await synchronize()` (the WebGPU queue drained and the GPU idle). It also records the first
 * call (pipeline compilation) of each workload.
 *
 * Built into one Node file by `node bench/build-device-bundle.mjs OUT_DIR` (only `webgpu` stays
 * outside); run as `node gpu-device.cjs --out FILE.md --json FILE.json [--dawn backend=vulkan]`.
 */
import { writeFileSync } from 'node:fs';
import { registerCpuBackend } from '@kindling/backend-cpu';
import { compiledKernels, gpuInfo, initWebGPU, synchronize } from '@kindling/backend-gpu';
import * as torch from '@kindling/core';
import { CNN, CONV, cnnData, convData } from './cnn-data.js';
import { MLP, mlpData, seeded } from './harness.js';

registerCpuBackend();
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

interface Row {
  workload: string;
  firstMs: number;
  medianMs: number;
  reps: number;
  maxRelDiff: number;
}

type Step = () => torch.Tensor;
interface Workload {
  name: string;
  /** Builds the inputs on `device` and returns one step (its result is what gets checked). */
  setup(device: string): Step;
}

const t32 = (data: Float32Array, shape: number[], device: string) =>
  torch.fromTypedArray(data, shape, 'float32').to(device);

function matmul(n: number): Workload {
  return {
    name: `matmul ${n}×${n} @ ${n}×${n}`,
    setup(device) {
      const a = t32(seeded(n * n, 1), [n, n], device);
      const b = t32(seeded(n * n, 2), [n, n], device);
      return () => a.matmul(b);
    },
  };
}

const conv: Workload = {
  name: 'conv2d forward, [32, 64, 14, 14] * 64 3×3 filters, padding 1',
  setup(device) {
    const { n, c, h, w, o, k } = CONV;
    const d = convData();
    const x = t32(d.x, [n, c, h, w], device);
    const wt = t32(d.w, [o, c, k, k], device);
    return () => torch.conv2d(x, wt, { padding: 1 });
  },
};

// The same steps as bench/RESULTS.md: forward, softmax cross-entropy, backward, SGD; returns the loss.
const mlp: Workload = {
  name: 'MLP 784-512-256-10 train step, batch 128',
  setup(device) {
    const d = mlpData();
    const ws = d.weights.map((w, l) => t32(w, [MLP.sizes[l + 1]!, MLP.sizes[l]!], device).requiresGrad_());
    const bs = d.biases.map((b) => t32(b, [b.length], device).requiresGrad_());
    const x = t32(d.x, [MLP.batch, MLP.sizes[0]!], device);
    const onehot = t32(d.onehot, [MLP.batch, MLP.sizes.at(-1)!], device);
    const params = [...ws, ...bs];
    return () =>
      torch.scope(() => {
        let h = x;
        ws.forEach((w, l) => {
          h = h.matmul(w.t()).add(bs[l]!);
          if (l < ws.length - 1) h = h.relu();
        });
        const loss = h.logSoftmax(1).mul(onehot).sum(1).mean().neg();
        loss.backward();
        torch.noGrad(() => {
          for (const p of params) {
            p.sub_(p.grad!, { alpha: MLP.lr });
            p.grad!.dispose();
            p.grad = null;
          }
        });
        return loss.detach();
      });
  },
};

const cnn: Workload = {
  name: 'LeNet-style CNN train step, batch 64, 28×28',
  setup(device) {
    const d = cnnData();
    const p = d.params.map((q) => t32(q.data, q.shape, device).requiresGrad_());
    const [c1, b1, c2, b2, f1, fb1, f2, fb2] = p as [
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
    ];
    const x = t32(d.x, [CNN.batch, 1, 28, 28], device);
    const labels = torch.tensor(d.labels, { dtype: 'int64' }).view(-1, 1).to(device);
    return () =>
      torch.scope(() => {
        let h = torch.maxPool2d(torch.conv2d(x, c1, b1).relu(), 2);
        h = torch.maxPool2d(torch.conv2d(h, c2, b2).relu(), 2);
        h = h.reshape(CNN.batch, -1).matmul(f1.t()).add(fb1).relu();
        h = h.matmul(f2.t()).add(fb2);
        const loss = h.logSoftmax(1).gather(1, labels).mean().neg();
        loss.backward();
        torch.noGrad(() => {
          for (const t of p) {
            t.sub_(t.grad!, { alpha: CNN.lr });
            t.grad!.dispose();
            t.grad = null;
          }
        });
        return loss.detach();
      });
  },
};

async function measure(w: Workload): Promise<Row> {
  // Reference on the CPU (first step only: later steps depend on the updates).
  const ref = (await w.setup('cpu')().data()) as Float32Array;
  const step = w.setup('gpu');
  let t0 = performance.now();
  const first = step();
  const got = (await first.data()) as Float32Array;
  const firstMs = performance.now() - t0;
  first.dispose();
  let maxRelDiff = 0;
  for (let i = 0; i < ref.length; i++) {
    maxRelDiff = Math.max(maxRelDiff, Math.abs(got[i]! - ref[i]!) / Math.max(1e-3, Math.abs(ref[i]!)));
  }
  for (let i = 0; i < 2; i++) step().dispose();
  await synchronize();
  const times: number[] = [];
  const deadline = performance.now() + 20_000;
  while (times.length < 15 && (times.length < 3 || performance.now() < deadline)) {
    t0 = performance.now();
    const r = step();
    await synchronize();
    times.push(performance.now() - t0);
    r.dispose();
  }
  times.sort((a, b) => a - b);
  return { workload: w.name, firstMs, medianMs: times[times.length >> 1]!, reps: times.length, maxRelDiff };
}

const dawn = option('dawn')?.split(',') ?? [];
// --auto: no explicit choice, as a user's first GPU tensor would do it (the default mode must find the GPU).
if (argv.includes('--auto')) torch.zeros(1, { device: 'gpu' }).dispose();
const info = argv.includes('--auto')
  ? gpuInfo()
  : await initWebGPU({ dawn, allowSoftware: argv.includes('--allow-software') });
if (argv.includes('--auto')) console.log('auto mode:', JSON.stringify(torch.config().devices.gpu));
const rows: Row[] = [];
for (const w of [matmul(256), matmul(512), matmul(1024), matmul(2048), conv, mlp, cnn]) {
  const row = await measure(w);
  rows.push(row);
  console.log(JSON.stringify(row));
}
const machine = option('machine') ?? 'unnamed machine';
const md = [
  `# Kindling on a real GPU (mode webgpu)`,
  '',
  `Generated by bench/gpu-device.ts on ${new Date().toISOString()}.`,
  '',
  `- **machine**: ${machine}`,
  `- **adapter**: ${info.renderer} (software: ${info.software})`,
  `- **mode**: ${info.mode} (chosen by ${info.chosenBy}); Dawn flags: ${dawn.join(' ') || '(default)'}`,
  `- **node**: ${process.version}; kernels compiled: ${compiledKernels()}`,
  '',
  'Median of timed reps after two warm-ups, each rep ending with `await synchronize()`; "first" is the',
  "first call (pipeline compilation included). Results are checked against kindling-cpu's.",
  '',
  '| workload | median ms | first call ms | reps | max rel. diff vs cpu |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.workload} | ${r.medianMs.toFixed(3)} | ${r.firstMs.toFixed(1)} | ${r.reps} | ${r.maxRelDiff.toExponential(1)} |`,
  ),
  '',
].join('\n');
const out = option('out');
if (out) writeFileSync(out, md);
const json = option('json');
if (json) writeFileSync(json, JSON.stringify({ info: gpuInfo(), rows }, null, 2));
console.log(md);
process.exit(0);
