import * as torch from '@kindling/core';
import * as nn from '@kindling/nn';
import * as optim from '@kindling/optim';

/** What one training run reports: the loss before each step, and the first and last of them. */
export interface TrainResult {
  device: string;
  losses: number[];
  first: number;
  last: number;
}

/**
 * Trains a tiny MLP to imitate a fixed random "teacher" function, on `device`. The page (in Chromium,
 * device 'gpu') and the Node test (device 'cpu') both run this very function, so their losses must agree
 * up to float32 rounding: data and initial weights are drawn on the CPU under a fixed seed and only then
 * moved, so both devices start from identical numbers.
 */
export function train(device: string, steps = 50): TrainResult {
  torch.manualSeed(0);
  const x = torch.randn(64, 4);
  const teacher = torch.randn(4, 1);
  // A smooth nonlinear target the student can fit well in a few dozen steps.
  const y = torch.tanh(torch.matmul(x, teacher)).mul(0.8).add(0.1);
  const model = new nn.Sequential(new nn.Linear(4, 16), new nn.Tanh(), new nn.Linear(16, 1));
  model.to(device);
  const xd = x.to(device);
  const yd = y.to(device);
  const lossFn = new nn.MSELoss();
  // Plain SGD on a smooth loss descends steadily, so rounding differences between devices shrink instead
  // of being amplified the way a bouncing Adam trajectory would amplify them.
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    // scope() frees each step's intermediates (GL textures on 'gpu') once the step is done.
    torch.scope(() => {
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(xd), yd);
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    });
  }
  return { device, losses, first: losses[0] ?? Number.NaN, last: losses[losses.length - 1] ?? Number.NaN };
}
