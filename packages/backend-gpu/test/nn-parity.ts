import { registerCpuBackend } from '@kindling/backend-cpu';
import * as torch from '@kindling/core';
import * as nn from '@kindling/nn';
import { describe, expect, it } from 'vitest';
import type { GpuMode } from '../src/index.js';
import { selectMode } from './modes.js';

type Make = () => {
  module: nn.Module;
  inputs: torch.Tensor[];
  call?: (m: nn.Module, xs: torch.Tensor[]) => torch.Tensor;
};

const x4 = (n: number, c: number, h: number, w: number) => torch.randn(n, c, h, w);
const fwd = (m: nn.Module, xs: torch.Tensor[]) =>
  (m as unknown as { forward(...a: torch.Tensor[]): torch.Tensor }).forward(...xs);
const first = (m: nn.Module, xs: torch.Tensor[]) => {
  const r = (m as unknown as { forward(...a: torch.Tensor[]): unknown }).forward(...xs);
  return (Array.isArray(r) ? r[0] : r) as torch.Tensor;
};

// Every layer family of nn, each run on 'cpu' and on 'gpu' from the same parameters and inputs.
const CASES: Record<string, Make> = {
  Linear: () => ({ module: new nn.Linear(5, 3), inputs: [torch.randn(4, 5)] }),
  Bilinear: () => ({ module: new nn.Bilinear(3, 4, 2), inputs: [torch.randn(5, 3), torch.randn(5, 4)] }),
  Conv1d: () => ({
    module: new nn.Conv1d(3, 4, 3, { padding: 1, stride: 2 }),
    inputs: [torch.randn(2, 3, 9)],
  }),
  Conv2d: () => ({ module: new nn.Conv2d(3, 4, 3, { padding: 1 }), inputs: [x4(2, 3, 6, 6)] }),
  'Conv2d groups dilation': () => ({
    module: new nn.Conv2d(4, 4, 3, { groups: 2, dilation: 2, padding: 2 }),
    inputs: [x4(1, 4, 7, 7)],
  }),
  'Conv2d rectangular strided grouped': () => ({
    module: new nn.Conv2d(3, 6, [3, 2], { stride: [2, 1], padding: [1, 2], groups: 3, bias: false }),
    inputs: [x4(2, 3, 7, 5)],
  }),
  ConvTranspose2d: () => ({
    module: new nn.ConvTranspose2d(3, 2, 3, { stride: 2 }),
    inputs: [x4(1, 3, 4, 4)],
  }),
  MaxPool2d: () => ({ module: new nn.MaxPool2d(2), inputs: [x4(2, 3, 6, 6)] }),
  'MaxPool2d overlapping dilated ceil': () => ({
    module: new nn.MaxPool2d(3, { stride: 2, padding: 1, dilation: 2, ceilMode: true }),
    inputs: [x4(2, 2, 9, 8)],
  }),
  AvgPool2d: () => ({ module: new nn.AvgPool2d(3, { stride: 2, padding: 1 }), inputs: [x4(2, 3, 7, 7)] }),
  AdaptiveAvgPool2d: () => ({ module: new nn.AdaptiveAvgPool2d([2, 3]), inputs: [x4(2, 3, 7, 8)] }),
  AdaptiveMaxPool2d: () => ({ module: new nn.AdaptiveMaxPool2d(3), inputs: [x4(1, 2, 7, 7)] }),
  BatchNorm2d: () => ({ module: new nn.BatchNorm2d(3), inputs: [x4(4, 3, 5, 5)] }),
  BatchNorm1d: () => ({ module: new nn.BatchNorm1d(6), inputs: [torch.randn(8, 6)] }),
  LayerNorm: () => ({ module: new nn.LayerNorm([5]), inputs: [torch.randn(3, 4, 5)] }),
  GroupNorm: () => ({ module: new nn.GroupNorm(2, 4), inputs: [x4(2, 4, 3, 3)] }),
  Embedding: () => ({
    module: new nn.Embedding(10, 4, { paddingIdx: 0 }),
    inputs: [
      torch.tensor([
        [1, 2, 0],
        [9, 2, 5],
      ]),
    ],
  }),
  Upsample: () => ({
    module: new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' }),
    inputs: [x4(1, 2, 3, 3)],
  }),
  activations: () => ({
    module: new nn.Sequential(
      new nn.GELU(),
      new nn.ELU(),
      new nn.Mish(),
      new nn.Softplus(),
      new nn.LeakyReLU(0.1),
      new nn.Hardtanh(),
      new nn.SiLU(),
      new nn.Softmax(1),
    ),
    inputs: [torch.randn(4, 6).mul(3)],
  }),
  LSTM: () => ({
    module: new nn.LSTM(4, 5, { numLayers: 2, batchFirst: true }),
    inputs: [torch.randn(2, 3, 4)],
    call: first,
  }),
  GRU: () => ({
    module: new nn.GRU(4, 3, { bidirectional: true }),
    inputs: [torch.randn(3, 2, 4)],
    call: first,
  }),
  RNN: () => ({ module: new nn.RNN(4, 3), inputs: [torch.randn(3, 2, 4)], call: first }),
  MultiheadAttention: () => {
    const q = torch.randn(2, 5, 8);
    return {
      module: new nn.MultiheadAttention(8, 2, { batchFirst: true }),
      inputs: [q, q, q],
      call: first,
    };
  },
  TransformerEncoderLayer: () => ({
    module: new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true }),
    inputs: [torch.randn(2, 4, 8)],
  }),
};

/** Every nn layer family on 'cpu' and on 'gpu' in `mode`: same outputs, input and parameter gradients. */
export async function nnParitySuite(mode: GpuMode): Promise<void> {
  registerCpuBackend();
  const skip = await selectMode(mode);
  if (skip) {
    describe(`nn layers on ${mode}`, () => it.skip(`skipped: ${skip}`, () => {}));
    return;
  }
  describe(`every nn layer gives the same outputs and gradients on gpu (${mode}) as on cpu`, () => {
    for (const [name, make] of Object.entries(CASES)) {
      it(name, async () => {
        torch.manualSeed(0);
        const { module, inputs, call = fwd } = make();
        const run = async (device: string) => {
          const m = module;
          m.zeroGrad();
          m.to(device);
          const xs = inputs.map((t) => {
            const v = t.to(device);
            return torch.isFloatingPoint(v.dtype) ? v.detach().requiresGrad_(true) : v;
          });
          const y = call(m, xs);
          y.mul(torch.linspace(-1, 1, y.numel()).view(y.shape).to(device))
            .sum()
            .backward();
          // Awaited reads: webgpu cannot read synchronously.
          const read = async (t: torch.Tensor | null) => (t ? await t.data() : null);
          return {
            y: await read(y.detach()),
            gx: await Promise.all(xs.map((x) => read(x.grad))),
            gp: await Promise.all([...m.parameters()].map((p) => read(p.grad))),
          };
        };
        const cpu = await run('cpu');
        const gpu = await run('gpu');
        const near = (a: ArrayLike<number> | null, b: ArrayLike<number> | null, what: string) => {
          expect(a === null, what).toBe(b === null);
          if (!a || !b) return;
          for (let i = 0; i < a.length; i++) {
            expect(Math.abs(a[i]! - b[i]!), `${what}[${i}]: gpu ${a[i]} cpu ${b[i]}`).toBeLessThanOrEqual(
              1e-4 + 1e-3 * Math.abs(b[i]!),
            );
          }
        };
        near(gpu.y, cpu.y, 'output');
        for (const [i, g] of gpu.gx.entries()) near(g, cpu.gx[i]!, `input ${i} grad`);
        for (const [i, g] of gpu.gp.entries()) near(g, cpu.gp[i]!, `parameter ${i} grad`);
      });
    }
  });
}
