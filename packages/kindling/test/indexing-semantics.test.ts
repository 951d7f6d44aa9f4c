import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// Behaviour the value fixtures cannot show: views vs copies, strided inputs and outputs, in-place
// writes (state untouched on failure, version counters, autograd), and Kindling's own API choices.

const I = (data: number[] | number[][]) => torch.tensor(data, { dtype: 'int64' });
const grid = (r: number, c: number) => torch.arange(r * c, { dtype: 'float32' }).view(r, c);

describe('views and copies', () => {
  it('basic indexing returns a view that shares memory', () => {
    const x = grid(3, 4);
    const v = x.index(1, '1:3');
    expect(v.storage).toBe(x.storage);
    v.fill_(-1);
    expect(x.index(1).tolist()).toEqual([4, -1, -1, 7]);
  });

  it('advanced indexing copies', () => {
    const x = grid(3, 4);
    const c = x.index([0, 1]);
    expect(c.storage).not.toBe(x.storage);
    c.fill_(0);
    expect(x.sum().item()).toBe(66);
  });

  it('string slices mean the same as torch.slice', () => {
    const x = grid(5, 4);
    expect(x.index('::2', '-2:').tolist()).toEqual(
      x.index(torch.slice(null, null, 2), torch.slice(-2)).tolist(),
    );
    expect(x.index('1:4:2', ':').tolist()).toEqual(x.index(torch.slice(1, 4, 2)).tolist());
    expect(String(torch.slice(1, null, 2))).toBe('1::2');
    expect(() => x.index('1:x')).toThrow(torch.IndexError);
    expect(() => x.index(1.5)).toThrow(
      'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)',
    );
    expect(() => x.index('::-1')).toThrow(torch.ValueError);
  });
});

describe('strided (non-contiguous) operands', () => {
  const nc = () => grid(4, 3).t(); // [3, 4], transposed strides

  it('reads agree with the contiguous copy', () => {
    const x = nc();
    const c = x.contiguous();
    const idx = I([
      [2, 0, 1, 1],
      [0, 0, 2, 2],
    ]);
    expect(x.gather(0, idx).tolist()).toEqual(c.gather(0, idx).tolist());
    expect(x.indexSelect(1, I([3, 0])).tolist()).toEqual(c.indexSelect(1, I([3, 0])).tolist());
    expect(x.index(I([2, 0]), '::2').tolist()).toEqual(c.index(I([2, 0]), '::2').tolist());
    expect(x.flip(0, 1).tolist()).toEqual(c.flip(0, 1).tolist());
    expect(x.roll(1, 1).tolist()).toEqual(c.roll(1, 1).tolist());
    expect(torch.cat([x, c], 1).tolist()).toEqual(torch.cat([c, c], 1).tolist());
    expect(x.nonzero().tolist()).toEqual(c.nonzero().tolist());
    expect(x.maskedSelect(x.gt(5)).tolist()).toEqual(c.maskedSelect(c.gt(5)).tolist());
  });

  it('in-place writes land in the right elements of a strided self', () => {
    const ops: [string, (t: torch.Tensor) => void][] = [
      ['scatter_', (t) => t.scatter_(1, I([[3], [0], [2]]), -1)],
      ['scatterAdd_', (t) => t.scatterAdd_(0, I([[2, 2, 0, 1]]), torch.ones(1, 4))],
      ['indexAdd_', (t) => t.indexAdd_(1, I([3, 3]), torch.ones(3, 2), { alpha: 2 })],
      ['indexPut_', (t) => t.indexPut_([I([0, 2]), I([1, 3])], torch.tensor([7, 8], { dtype: 'float32' }))],
      ['setIndex', (t) => t.setIndex(':', I([0, 2]), torch.tensor([5, 6], { dtype: 'float32' }))],
      ['maskedFill_', (t) => t.maskedFill_(t.gt(6), 0)],
    ];
    for (const [name, op] of ops) {
      const base = grid(4, 3);
      const strided = base.t();
      const ref = base.t().contiguous();
      op(strided);
      op(ref);
      expect(strided.tolist(), name).toEqual(ref.tolist());
      expect(base.t().tolist(), name).toEqual(ref.tolist());
    }
  });
});

describe('in-place ops', () => {
  it('leave self untouched when an index is out of range (checked before writing)', () => {
    const attempts: [string, (t: torch.Tensor) => void][] = [
      ['scatter_', (t) => t.scatter_(0, I([[0, 1, 0, 9]]), 5)],
      ['indexAdd_', (t) => t.indexAdd_(0, I([0, 9]), torch.ones(2, 4))],
      ['indexPut_', (t) => t.indexPut_([I([0, 1, 9])], torch.tensor(1, { dtype: 'float32' }))],
      ['setIndex', (t) => t.setIndex(I([0, -4]), 1)],
    ];
    for (const [name, op] of attempts) {
      const x = grid(3, 4);
      const before = x.version;
      expect(() => op(x), name).toThrow(/out of (bounds|range)/);
      expect(x.tolist(), name).toEqual(grid(3, 4).tolist());
      expect(x.version, name).toBe(before);
    }
  });

  it('bump the version counter', () => {
    const x = grid(2, 2);
    const v0 = x.version;
    x.scatter_(0, I([[1, 0]]), 0);
    x.setIndex(0, 0, 3);
    x.maskedFill_(x.gt(100), 0);
    expect(x.version).toBe(v0 + 3);
  });

  it('refuse a leaf that requires grad, as PyTorch does', () => {
    const w = grid(2, 2).requiresGrad_(true);
    const msg = 'a leaf Variable that requires grad is being used in an in-place operation.';
    expect(() => w.scatter_(0, I([[1, 0]]), 0)).toThrow(msg);
    expect(() => w.setIndex(0, 1)).toThrow(msg);
    expect(() => w.indexPut_([I([0])], torch.tensor(1, { dtype: 'float32' }))).toThrow(msg);
    expect(() => w.maskedFill_(w.gt(0), 1)).toThrow(msg);
  });

  it('record history: gradients equal those of the out-of-place form', () => {
    const src = torch.tensor([[1, 2]], { dtype: 'float32', requiresGrad: true });
    const x = grid(2, 2).requiresGrad_(true);
    const y = x.clone();
    y.scatter_(1, I([[1, 0]]), src);
    y.indexAdd_(0, I([1]), src.mul(3));
    y.mul(y).sum().backward();
    const gx = x.grad!.tolist();
    const gs = src.grad!.tolist();
    x.grad = null;
    src.grad = null;
    const z = x.scatter(1, I([[1, 0]]), src).indexAdd(0, I([1]), src.mul(3));
    z.mul(z).sum().backward();
    expect(gx).toEqual(x.grad!.tolist());
    expect(gs).toEqual(src.grad!.tolist());
  });
});

describe('messages and options', () => {
  it('rejects a non-boolean mask in maskedFill (PyTorch 1.13 silently ignores it; later versions raise)', () => {
    expect(() => grid(2, 2).maskedFill(torch.ones(2), 0)).toThrow(
      'masked_fill_ only supports boolean masks, but got mask with dtype Float',
    );
  });

  it('accepts keyword options objects', () => {
    const x = grid(2, 3);
    expect(x.scatter(1, I([[0], [0]]), 2, { reduce: 'multiply' }).tolist()).toEqual([
      [0, 1, 2],
      [6, 4, 5],
    ]);
    expect(torch.cat([x, x], { dim: 1 }).shape).toEqual([2, 6]);
    expect(torch.concatenate([x, x]).shape).toEqual([4, 3]);
    const acc = x.indexPut([I([0, 0])], torch.ones(2, 3), { accumulate: true });
    expect(acc.index(0).tolist()).toEqual([2, 3, 4]);
    expect(torch.nonzero(x, { asTuple: true }).map((t) => t.tolist())).toEqual([
      [0, 0, 1, 1, 1],
      [1, 2, 0, 1, 2],
    ]);
  });

  it('refuses the derivative of scatter with reduce="multiply"', () => {
    const x = grid(2, 2).requiresGrad_(true);
    const y = x.scatter(0, I([[1, 0]]), 2, { reduce: 'multiply' });
    expect(() => y.sum().backward()).toThrow(
      "the derivative for 'scatter' with reduce='multiply' is not implemented",
    );
  });
});
