/**
 * Kindling's convolution workloads: `torch.conv2d` forward, and the LeNet-style training step written
 * with core ops and the functional forms (no Module), one `torch.scope` per step.
 */
import * as torch from 'kindling';
import { CNN, CONV, cnnData, convData } from './cnn-data.js';
import { fingerprint, type Prepared } from './harness.js';

const t32 = (data: Float32Array, shape: number[]): torch.Tensor =>
  torch.fromTypedArray(data, shape, 'float32');

/** conv2d forward, [32, 64, 14, 14] * [64, 64, 3, 3], padding 1. */
export function conv2dForward(): Prepared {
  const { n, c, h, w, o, k } = CONV;
  const d = convData();
  const x = t32(d.x, [n, c, h, w]);
  const wt = t32(d.w, [o, c, k, k]);
  const run = (): torch.Tensor => torch.conv2d(x, wt, { padding: 1 });
  return {
    run: () => run().dispose(),
    check: () => torch.scope(() => fingerprint(run().dataSync() as Float32Array)),
    dispose: () => {
      x.dispose();
      wt.dispose();
    },
  };
}

/** One SGD step of the LeNet-style CNN (forward, softmax cross-entropy, backward, update). */
export function cnnStep(): Prepared {
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
  const labels = torch.tensor(d.labels, { dtype: 'int64' }).view(-1, 1);
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
          // A gradient set to null is otherwise freed only by the garbage collector.
          t.grad!.dispose();
          t.grad = null;
        }
      });
      return loss.item() as number;
    });
  return {
    run: () => void step(),
    check: () => {
      const before = torch.memory().storages;
      const losses = [step(), step()];
      const after = torch.memory().storages;
      if (after !== before) throw new Error(`Kindling CNN step leaks: ${before} → ${after} live storages`);
      return losses;
    },
    dispose: () => {
      for (const t of [...p, x, labels]) t.dispose();
    },
  };
}
