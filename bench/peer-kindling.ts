/**
 * The workloads written the idiomatic Kindling way: results that are done with are `dispose()`d (or
 * made inside `torch.scope`) so the CPU backend's buffer pool hands their memory to the next op,
 * relu runs in place on the fresh sum (`relu_()`), and the MLP step is one scope around forward,
 * backward and a hand-written SGD update under `torch.noGrad`.
 */
import * as torch from 'kindling';
import { fingerprint, MLP, mlpData, OVERHEAD_OPS, type Peer, type Prepared, seeded } from './harness.js';
import { disposeAll, readLoss, steadyLosses, t32, values } from './kindling-util.js';
import { cnnStep, conv2dForward } from './peer-kindling-cnn.js';

/** The two n×n matmul operands on `device`. */
export function matmulOperands(n: number, device = 'cpu'): [torch.Tensor, torch.Tensor] {
  return [t32(seeded(n * n, 1), [n, n], device), t32(seeded(n * n, 2), [n, n], device)];
}

export function matmul(n: number, device = 'cpu'): Prepared {
  const [a, b] = matmulOperands(n, device);
  return {
    run: () => a.matmul(b).dispose(),
    check: () => torch.scope(() => fingerprint(values(a.matmul(b)))),
    dispose: () => disposeAll([a, b]),
  };
}

function reluAdd(n: number): Prepared {
  const a = t32(seeded(n, 3), [n]);
  const b = t32(seeded(n, 4), [n]);
  return {
    // a + b allocates (from the pool once warm); relu_ then works in place on that fresh buffer.
    run: () => a.add(b).relu_().dispose(),
    check: () => torch.scope(() => fingerprint(values(a.add(b).relu_()))),
    dispose: () => disposeAll([a, b]),
  };
}

function sum(dim1: boolean): Prepared {
  const a = dim1 ? t32(seeded(4096 * 4096, 5), [4096, 4096]) : t32(seeded(1 << 24, 5), [1 << 24]);
  const reduce = (): torch.Tensor => (dim1 ? a.sum(1) : a.sum());
  return {
    run: () => reduce().dispose(),
    check: () => torch.scope(() => fingerprint(values(reduce()))),
    dispose: () => a.dispose(),
  };
}

function overhead(grad: boolean): Prepared {
  const a = t32(seeded(1, 6), [1]);
  const b = t32(seeded(1, 7), [1]);
  if (grad) a.requiresGrad_(true);
  return {
    // Small CPU tensors are left to the garbage collector, as a user would write it.
    run: () => {
      for (let i = 0; i < OVERHEAD_OPS; i++) a.add(b);
    },
    check: () => [a.add(b).item() as number],
    dispose: () => disposeAll([a, b]),
    opsPerRun: OVERHEAD_OPS,
  };
}

/**
 * One SGD step of the MLP on `device` (forward, softmax cross-entropy as PyTorch's F.cross_entropy
 * computes it, backward, update) in one scope; returns the detached loss.
 */
export function mlpTrainStep(device = 'cpu'): { step: () => torch.Tensor; tensors: torch.Tensor[] } {
  const { batch, lr } = MLP;
  const d = mlpData();
  const params: torch.Tensor[] = [];
  for (let l = 0; l < d.weights.length; l++) {
    const fanOut = d.biases[l]!.length;
    params.push(t32(d.weights[l]!, [fanOut, d.weights[l]!.length / fanOut], device).requiresGrad_());
    params.push(t32(d.biases[l]!, [fanOut], device).requiresGrad_());
  }
  const x = t32(d.x, [batch, MLP.sizes[0]!], device);
  const onehot = t32(d.onehot, [batch, MLP.sizes[MLP.sizes.length - 1]!], device);
  const labels = onehot.argmax(1, true); // [batch, 1] class indices

  const step = (): torch.Tensor =>
    torch.scope(() => {
      let h = x;
      for (let l = 0; l < params.length / 2; l++) {
        h = h.matmul(params[2 * l]!.t()).add(params[2 * l + 1]!); // nn.Linear: x @ W^T + b
        if (l < params.length / 2 - 1) h = h.relu();
      }
      // Softmax cross-entropy as PyTorch's F.cross_entropy computes it: fused logSoftmax, then gather.
      const loss = h.logSoftmax(1).gather(1, labels).mean().neg();
      loss.backward();
      torch.noGrad(() => {
        for (const p of params) {
          p.sub_(p.grad!, { alpha: lr });
          // Set to null only, a gradient waits for the garbage collector (and the leak check fails).
          p.grad!.dispose();
          p.grad = null;
        }
      });
      return loss.detach();
    });
  return { step, tensors: [...params, x, onehot, labels] };
}

/** The MLP step as a timed workload (three checked steps may not leave storages behind). */
export function mlp(device = 'cpu'): Prepared {
  const { step, tensors } = mlpTrainStep(device);
  return {
    run: () => void readLoss(step),
    check: () => steadyLosses(() => readLoss(step), 3, 'MLP'),
    dispose: () => disposeAll(tensors),
  };
}

/** Kindling's CPU backend (`import * as torch from 'kindling'`). */
export const kindlingPeer: Peer = {
  name: 'kindling-cpu',
  prepare(id) {
    if (id.startsWith('matmul-')) return matmul(Number(id.slice('matmul-'.length)));
    if (id.startsWith('relu-add-')) return reluAdd(Number(id.slice('relu-add-'.length)));
    if (id === 'sum-all' || id === 'sum-dim1') return sum(id === 'sum-dim1');
    if (id === 'overhead-add' || id === 'overhead-add-grad') return overhead(id === 'overhead-add-grad');
    if (id === 'mlp-step') return mlp();
    if (id === 'conv2d-fwd') return conv2dForward();
    if (id === 'cnn-step') return cnnStep();
    return null;
  },
};
