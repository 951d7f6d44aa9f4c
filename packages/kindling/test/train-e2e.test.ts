import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

const { nn, optim } = torch;

/**
 * Two interleaved spirals, a classic problem that a linear model cannot separate:
 * n points per class, 2-D inputs, labels 0/1.
 */
function spirals(n: number): { x: torch.Tensor; y: torch.Tensor } {
  const t = torch.linspace(0.25, 3 * Math.PI, n, { dtype: 'float32' });
  const r = t.div(3 * Math.PI);
  const a = torch.stack([t.cos().mul(r), t.sin().mul(r)], 1);
  const b = a.neg();
  return {
    x: torch.cat([a, b], 0).mul(2),
    y: torch.cat([torch.zeros(n, { dtype: 'int64' }), torch.ones(n, { dtype: 'int64' })]),
  };
}

function accuracy(logits: torch.Tensor, y: torch.Tensor): number {
  return (logits.argmax(1).eq(y).float().mean().item() as number) * 100;
}

const lossFn = new nn.CrossEntropyLoss();
const crossEntropy = (logits: torch.Tensor, y: torch.Tensor) => lossFn.forward(logits, y);

describe('end to end: training with nn + optim', () => {
  it('an MLP trained with Adam separates two spirals (>= 99% training accuracy)', () => {
    torch.manualSeed(0);
    const { x, y } = spirals(200);
    const model = new nn.Sequential(
      new nn.Linear(2, 64),
      new nn.Tanh(),
      new nn.Linear(64, 64),
      new nn.Tanh(),
      new nn.Linear(64, 2),
    );
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    let acc = 0;
    for (let epoch = 0; epoch < 600 && acc < 100; epoch++) {
      torch.scope(() => {
        opt.zeroGrad();
        const logits = model.forward(x);
        crossEntropy(logits, y).backward();
        opt.step();
        if (epoch % 50 === 49)
          acc = accuracy(
            torch.noGrad(() => model.forward(x)),
            y,
          );
      });
    }
    acc = accuracy(
      torch.noGrad(() => model.forward(x)),
      y,
    );
    expect(acc).toBeGreaterThanOrEqual(99);
  });
});
