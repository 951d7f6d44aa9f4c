/**
 * Kindling's convolution workloads: `torch.conv2d` forward, and the LeNet-style training step written
 * with core ops and the functional forms (no Module), one `torch.scope` per step.
 */
import * as torch from 'kindling';
import { CNN, CONV, cnnData, convData } from './cnn-data.js';
import { fingerprint, type Prepared } from './harness.js';
import { disposeAll, readLoss, steadyLosses, t32 } from './kindling-util.js';

/** conv2d forward, [32, 64, 14, 14] * [64, 64, 3, 3], padding 1, on `device`: the op and its inputs. */
export function convSetup(device = 'cpu'): { run: () => torch.Tensor; tensors: torch.Tensor[] } {
  const { n, c, h, w, o, k } = CONV;
  const d = convData();
  const x = t32(d.x, [n, c, h, w], device);
  const wt = t32(d.w, [o, c, k, k], device);
  return { run: () => torch.conv2d(x, wt, { padding: 1 }), tensors: [x, wt] };
}

/** conv2d forward as a timed workload. */
export function conv2dForward(device = 'cpu'): Prepared {
  const { run, tensors } = convSetup(device);
  return {
    run: () => run().dispose(),
    check: () => torch.scope(() => fingerprint(run().dataSync() as Float32Array)),
    dispose: () => disposeAll(tensors),
  };
}

/**
 * One SGD step of the LeNet-style CNN (forward, softmax cross-entropy, backward, update) on `device`,
 * in one scope; returns the (detached) loss, so callers choose how to read it.
 */
export function cnnTrainStep(device = 'cpu'): { step: () => torch.Tensor; tensors: torch.Tensor[] } {
  const d = cnnData();
  const p = d.params.map((q) => t32(q.data, q.shape, device).requiresGrad_());
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
  const x = t32(d.x, [CNN.batch, 1, 28, 28], device);
  const labels = torch.tensor(d.labels, { dtype: 'int64', device }).view(-1, 1);
  const step = (): torch.Tensor =>
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
      return loss.detach();
    });
  return { step, tensors: [...p, x, labels] };
}

/** The CNN step as a timed workload; reading the loss waits for the device, as a logging loop does. */
export function cnnStep(device = 'cpu'): Prepared {
  const { step, tensors } = cnnTrainStep(device);
  return {
    run: () => void readLoss(step),
    check: () => steadyLosses(() => readLoss(step), 2, 'CNN'),
    dispose: () => disposeAll(tensors),
  };
}
