/**
 * The GPU benchmark's Kindling workloads on any device: the same matmul, conv2d, MLP and CNN steps as
 * bench/peer-kindling.ts and bench/peer-kindling-cnn.ts (same seeded data from harness.ts and
 * cnn-data.ts, same op sequence), with every tensor created on `device`. Those files hard-wire the
 * CPU; these differ only in where tensors live. Timing and synchronisation are the caller's.
 */
import * as torch from 'kindling';
import { CNN, CONV, cnnData, convData } from './cnn-data.js';
import { fingerprint, MLP, mlpData, type Peer, type Prepared, seeded } from './harness.js';

type Tensors = torch.Tensor[];

function disposeAll(ts: Tensors): void {
  for (const t of ts) t.dispose();
}

/** Values back on the CPU (a read waits for the device). */
function values(t: torch.Tensor): number[] {
  return Array.from(t.dataSync() as Float32Array);
}

/** Checks that a training step leaves no storage behind (a GPU leak would be lost texture memory). */
function steadyLosses(step: () => number, n: number, what: string): number[] {
  const before = torch.memory().storages;
  const losses = Array.from({ length: n }, step);
  const after = torch.memory().storages;
  if (after !== before) throw new Error(`Kindling ${what} step leaks: ${before} → ${after} live storages`);
  return losses;
}

function workloads(device: string): Record<string, (arg: number) => Prepared> {
  const t32 = (data: Float32Array, shape: number[]): torch.Tensor =>
    torch.fromTypedArray(data, shape, 'float32', device);

  const matmul = (n: number): Prepared => {
    const a = t32(seeded(n * n, 1), [n, n]);
    const b = t32(seeded(n * n, 2), [n, n]);
    return {
      run: () => a.matmul(b).dispose(),
      check: () => torch.scope(() => fingerprint(values(a.matmul(b)))),
      dispose: () => disposeAll([a, b]),
    };
  };

  const conv = (): Prepared => {
    const { n, c, h, w, o, k } = CONV;
    const d = convData();
    const x = t32(d.x, [n, c, h, w]);
    const wt = t32(d.w, [o, c, k, k]);
    const run = (): torch.Tensor => torch.conv2d(x, wt, { padding: 1 });
    return {
      run: () => run().dispose(),
      check: () => torch.scope(() => fingerprint(values(run()))),
      dispose: () => disposeAll([x, wt]),
    };
  };

  const mlp = (): Prepared => {
    const { batch, lr, sizes } = MLP;
    const d = mlpData();
    const params: Tensors = [];
    for (let l = 0; l < d.weights.length; l++) {
      const fanOut = d.biases[l]!.length;
      params.push(t32(d.weights[l]!, [fanOut, d.weights[l]!.length / fanOut]).requiresGrad_());
      params.push(t32(d.biases[l]!, [fanOut]).requiresGrad_());
    }
    const x = t32(d.x, [batch, sizes[0]!]);
    const onehot = t32(d.onehot, [batch, sizes[sizes.length - 1]!]);
    const labels = onehot.argmax(1, true);
    const step = (): number =>
      torch.scope(() => {
        let h = x;
        for (let l = 0; l < params.length / 2; l++) {
          h = h.matmul(params[2 * l]!.t()).add(params[2 * l + 1]!);
          if (l < params.length / 2 - 1) h = h.relu();
        }
        const loss = h.logSoftmax(1).gather(1, labels).mean().neg();
        loss.backward();
        torch.noGrad(() => {
          for (const p of params) {
            p.sub_(p.grad!, { alpha: lr });
            p.grad!.dispose();
            p.grad = null;
          }
        });
        // Reading the loss waits for the device, as a training loop that logs it does.
        return loss.item() as number;
      });
    return {
      run: () => void step(),
      check: () => steadyLosses(step, 3, 'MLP'),
      dispose: () => disposeAll([...params, x, onehot, labels]),
    };
  };

  const cnn = (): Prepared => {
    const d = cnnData();
    const p = d.params.map((q) => t32(q.data, q.shape).requiresGrad_());
    const [c1, b1, c2, b2, f1, fb1, f2, fb2] = p as [
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
      torch.Tensor,
    ];
    const x = t32(d.x, [CNN.batch, 1, 28, 28]);
    const labels = torch.tensor(d.labels, { dtype: 'int64', device }).view(-1, 1);
    const step = (): number =>
      torch.scope(() => {
        let h = torch.maxPool2d(torch.conv2d(x, c1, b1).relu_(), 2);
        h = torch.maxPool2d(torch.conv2d(h, c2, b2).relu_(), 2);
        h = h.reshape(CNN.batch, -1).matmul(f1.t()).add(fb1).relu_();
        h = h.matmul(f2.t()).add(fb2);
        const loss = h.logSoftmax(1).gather(1, labels).mean().neg();
        loss.backward();
        torch.noGrad(() => {
          for (const t of p) {
            t.sub_(t.grad!, { alpha: CNN.lr });
            t.grad!.dispose();
            t.grad = null;
          }
        });
        return loss.item() as number;
      });
    return {
      run: () => void step(),
      check: () => steadyLosses(step, 2, 'CNN'),
      dispose: () => disposeAll([...p, x, labels]),
    };
  };

  return { matmul, 'conv2d-fwd': conv, 'mlp-step': mlp, 'cnn-step': cnn };
}

/** Kindling with every tensor on `device` ('gpu' here). */
export function kindlingDevicePeer(name: string, device: string): Peer {
  const w = workloads(device);
  return {
    name,
    prepare(id) {
      if (id.startsWith('matmul-')) return w.matmul!(Number(id.slice('matmul-'.length)));
      return w[id]?.(0) ?? null;
    },
  };
}
