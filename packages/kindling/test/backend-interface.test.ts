import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// A device that, like a GPU, can only be read asynchronously: proves the Backend interface carries
// everything core needs (alloc/upload/read/free), and that core's sync readers refuse clearly.
interface Handle {
  data: Float32Array;
}

const freed: Handle[] = [];
const asyncDevice: torch.Backend<Handle> = {
  name: 'asyncdev',
  alloc(dtype, size) {
    return {
      backend: this,
      dtype,
      size,
      handle: { data: new Float32Array(size) },
      refs: 0,
      version: 0,
      freed: false,
    };
  },
  upload(dtype, data) {
    return {
      backend: this,
      dtype,
      size: data.length,
      handle: { data: Float32Array.from(data) },
      refs: 0,
      version: 0,
      freed: false,
    };
  },
  async read(storage, offset, length) {
    await new Promise((r) => setTimeout(r, 1));
    return storage.handle.data.slice(offset, offset + length);
  },
  free(storage) {
    freed.push(storage.handle);
  },
};

torch.registerBackend(asyncDevice as torch.Backend);
const h = (v: torch.TensorView) => (v.storage.handle as Handle).data;
torch.registerKernel(torch.ops.fillOp, 'asyncdev', 'float32', ([dst], _o, { value }) => {
  h(dst!).fill(value, dst!.offset, dst!.offset + dst!.shape.reduce((a, b) => a * b, 1));
});
torch.registerKernel(torch.ops.addOp, 'asyncdev', 'float32', ([a, b], [out], { alpha = 1 }) => {
  const n = out!.shape.reduce((x, y) => x * y, 1);
  // Inputs arrive broadcast to the output shape; this toy kernel handles contiguous and scalar operands.
  const at = (v: torch.TensorView, i: number) => h(v)[v.offset + (v.strides.every((s) => s === 0) ? 0 : i)]!;
  for (let i = 0; i < n; i++) h(out!)[i] = at(a!, i) + alpha * at(b!, i);
});

describe('a device with asynchronous reads', () => {
  it('computes, reads with await, and refuses sync reads with a clear message', async () => {
    const x = torch.ones(2, 3, { device: 'asyncdev' });
    const y = x.add(x, { alpha: 2 });
    expect(y.device).toBe('asyncdev');
    expect(Array.from(await y.data())).toEqual([3, 3, 3, 3, 3, 3]);
    expect(await y.tolistAsync()).toEqual([
      [3, 3, 3],
      [3, 3, 3],
    ]);
    expect(() => y.dataSync()).toThrow(
      "device 'asyncdev' cannot be read synchronously: use `await t.data()`",
    );
    expect(String(y)).toContain('asyncdev');
  });

  it('names the op, device and dtype when a kernel is missing', () => {
    const x = torch.ones(2, { device: 'asyncdev' });
    expect(() => x.mul(x)).toThrow(`"mul" not implemented for 'Float' on device 'asyncdev'`);
  });

  it('refuses mixing devices with PyTorch words', () => {
    const x = torch.ones(2, { device: 'asyncdev' });
    expect(() => x.add(torch.ones(2))).toThrow(
      'Expected all tensors to be on the same device, but found at least two devices, asyncdev and cpu!',
    );
  });

  it('accounts memory per device and frees on dispose and scope exit', async () => {
    const before = torch.memory().devices.asyncdev?.storages ?? 0;
    const kept = torch.scope(() => {
      const a = torch.ones(4, { device: 'asyncdev' });
      return a.add(a).add(a);
    });
    expect(torch.memory().devices.asyncdev!.storages - before).toBe(1);
    const n = freed.length;
    kept.dispose();
    expect(freed.length).toBe(n + 1);
    expect(torch.memory().devices.asyncdev!.storages).toBe(before);
    expect(Array.from(await torch.ones(1, { device: 'asyncdev' }).data())).toEqual([1]);
  });

  it('moves tensors from the CPU and back asynchronously', async () => {
    const c = torch.tensor([1.5, 2.5]);
    const d = c.to('asyncdev');
    expect(d.device).toBe('asyncdev');
    expect(() => d.to('cpu')).toThrow("cannot move a tensor off 'asyncdev' synchronously");
    const back = await d.toAsync('cpu');
    expect(back.tolist()).toEqual([1.5, 2.5]);
  });
});
