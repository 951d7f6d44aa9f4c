import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// Each tensor holds one claim on its storage; dispose() gives it back exactly once, and the memory
// is freed when the last holder lets go (the GC safety net uses the same claim, so it cannot
// release a second time after dispose()).

describe('storage claims', () => {
  it('frees shared storage only when the last holder is disposed, however often dispose is called', () => {
    const before = torch.memory().storages;
    const base = torch.zeros(4, 4);
    const view = base.view(16);
    expect(torch.memory().storages).toBe(before + 1);
    base.dispose();
    base.dispose();
    base.dispose();
    expect(torch.memory().storages).toBe(before + 1); // the view still holds it
    const total = view.sum();
    expect(total.item()).toBe(0);
    total.dispose();
    view.dispose();
    expect(torch.memory().storages).toBe(before);
    expect(() => view.add(1)).toThrow(/disposed/);
  });

  it('keeps a storage alive while autograd saved it, and frees it after backward', () => {
    const before = torch.memory().storages;
    const x = torch.ones(3, { requiresGrad: true });
    const y = torch.scope(() => {
      const loss = x.mul(x).sum();
      loss.backward();
      return null;
    });
    expect(y).toBeNull();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
    x.grad!.dispose();
    x.dispose();
    expect(torch.memory().storages).toBe(before);
  });
});
