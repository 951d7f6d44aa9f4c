import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// Finite differences in float64 against autograd for the indexing ops (an independent check of
// every backward formula; the PyTorch fixtures check the same gradients in float32).

type Tensor = torch.Tensor;

/** Deterministic, irregular float64 values (no RNG needed). */
function values(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 2);
  return torch.tensor(data, { dtype: 'float64' }).reshape(shape);
}

function loss(out: Tensor): Tensor {
  const w = values(out.shape as number[], 99);
  return out.mul(w).sum();
}

/** Compares autograd's gradient of sum(f(...) * w) with central differences, for every input. */
function gradcheck(f: (...xs: Tensor[]) => Tensor, shapes: number[][], eps = 1e-6, tol = 1e-7): void {
  const base = shapes.map((s, k) => values(s, k + 1));
  const leaves = base.map((b) => b.detach().requiresGrad_(true));
  const analytic = torch.autograd.grad(loss(f(...leaves)), leaves);
  base.forEach((b, k) => {
    const data = Array.from(b.dataSync());
    const numeric = data.map((_, j) => {
      const at = (delta: number) => {
        const d = data.slice();
        d[j]! += delta;
        const inputs = base.map((x, m) =>
          m === k ? torch.tensor(d, { dtype: 'float64' }).reshape(b.shape as number[]) : x,
        );
        return Number(torch.noGrad(() => loss(f(...inputs))).item());
      };
      return (at(eps) - at(-eps)) / (2 * eps);
    });
    const got = Array.from(analytic[k]!.dataSync());
    numeric.forEach((want, j) => {
      if (Math.abs(got[j]! - want) > tol * (1 + Math.abs(want))) {
        expect.fail(`input ${k} element ${j}: autograd ${got[j]} vs finite difference ${want}`);
      }
    });
  });
}

const I = (data: number[] | number[][]) => torch.tensor(data, { dtype: 'int64' });

describe('gradcheck (float64 finite differences)', () => {
  it('gather', () =>
    gradcheck(
      (x) =>
        x.gather(
          1,
          I([
            [0, 0, 2],
            [1, 2, 2],
          ]),
        ),
      [[2, 3]],
    ));
  it('scatter (self and src)', () =>
    gradcheck(
      (x, s) => x.scatter(0, I([[2, 0, 1]]), s!),
      [
        [3, 3],
        [1, 3],
      ],
    ));
  it('scatterAdd with duplicates', () =>
    gradcheck(
      (x, s) =>
        x.scatterAdd(
          1,
          I([
            [0, 0],
            [2, 0],
          ]),
          s!,
        ),
      [
        [2, 3],
        [2, 2],
      ],
    ));
  it('indexSelect', () => gradcheck((x) => x.indexSelect(1, I([2, 0, 2])), [[2, 3]]));
  it('indexAdd with alpha', () =>
    gradcheck(
      (x, s) => x.indexAdd(0, I([1, 1]), s!, { alpha: -1.5 }),
      [
        [3, 2],
        [2, 2],
      ],
    ));
  it('take', () =>
    gradcheck(
      (x) =>
        x.take(
          I([
            [5, -1],
            [0, 0],
          ]),
        ),
      [[2, 3]],
    ));
  it('advanced read, separated indices', () =>
    gradcheck((x) => x.index(I([0, 2]), ':', I([1, 1])), [[3, 2, 2]]));
  it('advanced read, bool mask', () =>
    gradcheck((x) => x.index(':', torch.tensor([true, false, true])), [[2, 3]]));
  it('basic read', () => gradcheck((x) => x.index(1, '::2', null), [[3, 4]]));
  it('setIndex into a non-leaf', () =>
    gradcheck(
      (x, v) => {
        const y = x.clone();
        y.setIndex(I([0, 2]), '1:', v!);
        return y;
      },
      [
        [3, 3],
        [2, 2],
      ],
    ));
  it('indexPut with accumulate', () =>
    gradcheck(
      (x, v) => x.indexPut([I([0, 0, 1])], v!, true),
      [
        [2, 2],
        [3, 2],
      ],
    ));
  it('cat', () =>
    gradcheck(
      (a, b) => torch.cat([a!, b!, a!], 1),
      [
        [2, 1],
        [2, 3],
      ],
    ));
  it('stack', () =>
    gradcheck(
      (a, b) => torch.stack([a!, b!], -1),
      [
        [2, 2],
        [2, 2],
      ],
    ));
  it('flip', () => gradcheck((x) => x.flip(0, 2), [[2, 2, 3]]));
  it('roll', () => gradcheck((x) => x.roll([1, -2], [0, 1]), [[3, 4]]));
  it('repeat', () => gradcheck((x) => x.repeat(2, 1, 3), [[2, 2]]));
  it('tril / triu', () => gradcheck((x) => x.tril(-1).add(x.triu(2)), [[3, 4]]));
  it('maskedFill with a tensor value', () =>
    gradcheck((x, v) => x.maskedFill(torch.tensor([true, false, true]), v!.sum()), [[2, 3], [2]]));
  it('maskedSelect', () => gradcheck((x) => x.maskedSelect(torch.tensor([[true], [false]])), [[2, 3]]));
});

describe('double backward', () => {
  it('differentiates the gradient of gather (scatterAdd has its own backward)', () => {
    const x = values([4], 3).requiresGrad_(true);
    const index = I([0, 0, 3, 0, 2]);
    const [g] = torch.autograd.grad(x.gather(0, index).square().sum(), [x], null, { createGraph: true });
    g!.sum().backward();
    // d/dx sum_i 2 x[index[i]] = 2 * (how often each element is gathered).
    expect(x.grad!.tolist()).toEqual([6, 0, 2, 2]);
  });
});
