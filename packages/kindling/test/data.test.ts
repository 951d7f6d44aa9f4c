import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

describe('torch.data / torch.utils.data', () => {
  it('are the same module, and a loader over a TensorDataset covers every row once per epoch', async () => {
    expect(torch.utils.data.DataLoader).toBe(torch.data.DataLoader);
    const x = torch.arange(30).reshape([10, 3]).float();
    const y = torch.arange(10);
    const ds: torch.Dataset<torch.Tensor[]> = new torch.utils.data.TensorDataset(x, y);
    const loader = new torch.data.DataLoader(new torch.data.TensorDataset(x, y), {
      batchSize: 4,
      shuffle: true,
      generator: new torch.Generator().manualSeed(0),
    });
    expect(ds.length).toBe(10);
    expect(loader.length).toBe(3);
    const seen: number[] = [];
    for await (const [xb, yb] of loader) {
      expect(xb.dtype).toBe('float32');
      expect(xb.select(1, 0).div(3).tolist()).toEqual(yb.float().tolist());
      seen.push(...(yb.tolist() as number[]));
    }
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });
});
