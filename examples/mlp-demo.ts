/**
 * The README's demo: fit a small MLP to a synthetic regression problem with autograd and a
 * hand-written SGD step, printing the falling loss.
 */
import * as torch from 'kindling';

torch.manualSeed(0);

// Targets from a fixed nonlinear function of 8 random features.
const n = 512;
const x = torch.randn(n, 8);
const trueW = torch.randn(8, 1);
const y = x.matmul(trueW).tanh().add(x.select(1, 0).square().unsqueeze(1).mul(0.5));

// A 8 → 32 → 1 MLP, parameters as plain leaf tensors.
const w1 = torch
  .randn(8, 32)
  .mul(Math.sqrt(2 / 8))
  .requiresGrad_();
const b1 = torch.zeros(32, { requiresGrad: true });
const w2 = torch
  .randn(32, 1)
  .mul(Math.sqrt(1 / 32))
  .requiresGrad_();
const b2 = torch.zeros(1, { requiresGrad: true });
const params = [w1, b1, w2, b2];

const lr = 0.05;
for (let step = 0; step <= 300; step++) {
  const loss = torch.scope(() => {
    const h = x.matmul(w1).add(b1).relu();
    const pred = h.matmul(w2).add(b2);
    return pred.sub(y).square().mean();
  });
  loss.backward();
  torch.noGrad(() => {
    for (const p of params) {
      p.sub_(p.grad!, { alpha: lr });
      p.grad = null;
    }
  });
  if (step % 50 === 0)
    console.log(`step ${String(step).padStart(3)}  loss ${(loss.item() as number).toFixed(5)}`);
  loss.dispose();
}
console.log('final prediction for the first 3 samples:');
console.log(String(torch.noGrad(() => x.narrow(0, 0, 3).matmul(w1).add(b1).relu().matmul(w2).add(b2))));
console.log('targets:');
console.log(String(y.narrow(0, 0, 3)));
