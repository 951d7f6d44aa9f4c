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

  it('a small CNN trained with Adam tells horizontal from vertical bars (>= 99% training accuracy)', () => {
    torch.manualSeed(0);
    // 8×8 images: a bright bar (horizontal for class 0, vertical for class 1) at a random place, plus noise.
    const n = 256;
    const labels = torch.randint(0, 2, [n]);
    const pos = torch.randint(1, 7, [n]).tolist() as number[];
    const cls = labels.tolist() as number[];
    const img = torch.randn(n, 1, 8, 8).mul(0.3);
    torch.noGrad(() => {
      for (let i = 0; i < n; i++) {
        const sel =
          cls[i] === 0
            ? img.select(0, i).select(0, 0).select(0, pos[i]!)
            : img.select(0, i).select(0, 0).select(1, pos[i]!);
        sel.add_(1);
      }
    });
    const model = new nn.Sequential(
      new nn.Conv2d(1, 8, 3, { padding: 1 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(8, 8, 3, { padding: 1 }),
      new nn.ReLU(),
      new nn.AdaptiveMaxPool2d(1),
      new nn.Flatten(),
      new nn.Linear(8, 2),
    );
    const opt = new optim.Adam(model.parameters(), { lr: 0.02 });
    let acc = 0;
    for (let step = 0; step < 150 && acc < 100; step++) {
      torch.scope(() => {
        opt.zeroGrad();
        crossEntropy(model.forward(img), labels).backward();
        opt.step();
        if (step % 10 === 9)
          acc = accuracy(
            torch.noGrad(() => model.forward(img)),
            labels,
          );
      });
    }
    expect(
      accuracy(
        torch.noGrad(() => model.forward(img)),
        labels,
      ),
    ).toBeGreaterThanOrEqual(99);
  });
});
