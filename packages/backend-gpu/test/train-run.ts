import * as torch from '@kindling/core';
import * as nn from '@kindling/nn';
import * as optim from '@kindling/optim';

/** What one training run gives back, read off the device. */
export interface RunResult {
  losses: number[];
  params: Float32Array[];
}

function blobs(n: number): { x: torch.Tensor; y: torch.Tensor } {
  // Three Gaussian blobs in 8-D, fixed by the seed set before.
  const y = torch.randint(0, 3, [n]);
  const centres = torch.randn(3, 8).mul(2);
  const x = centres.indexSelect(0, y).add(torch.randn(n, 8));
  return { x, y };
}

function bars(n: number): { x: torch.Tensor; y: torch.Tensor } {
  const y = torch.randint(0, 2, [n]);
  const rows = torch.arange(8).view(1, 8, 1).expand(n, 8, 8);
  const cols = torch.arange(8).view(1, 1, 8).expand(n, 8, 8);
  const pos = torch.randint(1, 7, [n]).view(n, 1, 1);
  const horizontal = rows.eq(pos);
  const vertical = cols.eq(pos);
  const isH = y.eq(0).view(n, 1, 1);
  const bar = torch.where(isH, horizontal, vertical).float();
  return { x: bar.add(torch.randn(n, 8, 8).mul(0.3)).unsqueeze(1), y };
}

function mlp(): nn.Sequential {
  return new nn.Sequential(
    new nn.Linear(8, 32),
    new nn.Tanh(),
    new nn.Linear(32, 32),
    new nn.ReLU(),
    new nn.Linear(32, 3),
  );
}

function cnn(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(4, 8, 3, { padding: 1 }),
    new nn.BatchNorm2d(8),
    new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1),
    new nn.Flatten(),
    new nn.Linear(8, 2),
  );
}

/**
 * Trains the same model on the same data on `device` (initialised on the CPU from `seed`, then moved),
 * with cross-entropy; every step in a scope, as a training loop that holds memory steady.
 */
export async function train(
  kind: 'mlp' | 'cnn',
  device: string,
  steps: number,
  onStep?: (step: number) => void,
): Promise<RunResult> {
  torch.manualSeed(0);
  const data = kind === 'mlp' ? blobs(256) : bars(128);
  const model = kind === 'mlp' ? mlp() : cnn();
  model.to(device);
  const x = data.x.to(device);
  const y = data.y.to(device);
  // Adam for the MLP; SGD with momentum for the CNN, whose near-zero gradients (max-pool, ReLU) Adam
  // would scale up to full steps, turning float32 rounding differences into diverging parameters.
  const opt =
    kind === 'mlp'
      ? new optim.Adam(model.parameters(), { lr: 0.01 })
      : new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const lossFn = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = torch.scope(() => {
      opt.zeroGrad();
      const l = lossFn.forward(model.forward(x), y);
      l.backward();
      opt.step();
      return l.detach();
    });
    // Reads are awaited (webgpu has no synchronous ones); waiting for the device each step is what a
    // loop that logs its loss does, and lets webgpu's queue run (and free) as the loop goes.
    if (step % 10 === 0 || step === steps - 1) losses.push((await loss.data())[0]!);
    loss.dispose();
    await torch.getBackend(device).sync?.();
    onStep?.(step);
  }
  const params = await Promise.all(
    [...model.parameters()].map(async (p) => (await p.detach().data()) as Float32Array),
  );
  // Device memory is not garbage collected promptly: give it back now.
  for (const t of [x, y, ...model.parameters(), ...model.buffers()]) t.dispose();
  return { losses, params };
}
