/**
 * The same workloads in TensorFlow.js 4.22.0, written the idiomatic tfjs way (`tf.tidy`, `dispose`,
 * `tf.variableGrads`), on tfjs-backend-cpu and tfjs-backend-wasm. The union package
 * `@tensorflow/tfjs` is used because tfjs-core alone registers no gradients in Node.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { fingerprint, MLP, mlpData, OVERHEAD_OPS, type Peer, type Prepared, seeded } from './harness.js';
import { cnnStep, conv2dForward } from './peer-tfjs-cnn.js';

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

function disposeAll(...ts: tf.Tensor[]): void {
  for (const t of ts) t.dispose();
}

function matmul(n: number): Prepared {
  const a = tf.tensor2d(seeded(n * n, 1), [n, n]);
  const b = tf.tensor2d(seeded(n * n, 2), [n, n]);
  return {
    run: () => tf.matMul(a, b).dispose(),
    check: () => tf.tidy(() => fingerprint(values(tf.matMul(a, b)))),
    dispose: () => disposeAll(a, b),
  };
}

function reluAdd(n: number): Prepared {
  const a = tf.tensor1d(seeded(n, 3));
  const b = tf.tensor1d(seeded(n, 4));
  const op = (): tf.Tensor => tf.tidy(() => tf.relu(tf.add(a, b)));
  return {
    run: () => op().dispose(),
    check: () => tf.tidy(() => fingerprint(values(op()))),
    dispose: () => disposeAll(a, b),
  };
}

function sum(dim1: boolean): Prepared {
  const a = dim1 ? tf.tensor2d(seeded(4096 * 4096, 5), [4096, 4096]) : tf.tensor1d(seeded(1 << 24, 5));
  const reduce = (): tf.Tensor => (dim1 ? tf.sum(a, 1) : tf.sum(a));
  return {
    run: () => reduce().dispose(),
    check: () => tf.tidy(() => fingerprint(values(reduce()))),
    dispose: () => a.dispose(),
  };
}

function overhead(): Prepared {
  const a = tf.tensor1d(seeded(1, 6));
  const b = tf.tensor1d(seeded(1, 7));
  return {
    // tfjs memory is managed by hand: every result is disposed.
    run: () => {
      for (let i = 0; i < OVERHEAD_OPS; i++) tf.add(a, b).dispose();
    },
    check: () => tf.tidy(() => values(tf.add(a, b))),
    dispose: () => disposeAll(a, b),
    opsPerRun: OVERHEAD_OPS,
  };
}

function mlp(): Prepared {
  const { batch, lr, sizes } = MLP;
  const d = mlpData();
  const vars: tf.Variable[] = [];
  for (let l = 0; l < d.weights.length; l++) {
    const fanOut = d.biases[l]!.length;
    const fanIn = d.weights[l]!.length / fanOut;
    // tfjs's dense layers keep W as [in, out]: the same numbers as Kindling's [out, in], transposed.
    const w = tf.tidy(() => tf.tensor2d(d.weights[l]!, [fanOut, fanIn]).transpose());
    vars.push(tf.variable(w, true, `bench_w${l}_${Date.now()}`));
    vars.push(tf.variable(tf.tensor1d(d.biases[l]!), true, `bench_b${l}_${Date.now()}`));
    w.dispose();
  }
  const x = tf.tensor2d(d.x, [batch, sizes[0]!]);
  const onehot = tf.tensor2d(d.onehot, [batch, sizes[sizes.length - 1]!]);
  const lossFn = (): tf.Scalar => {
    let h: tf.Tensor = x;
    for (let l = 0; l < vars.length / 2; l++) {
      h = tf.add(tf.matMul(h, vars[2 * l]!), vars[2 * l + 1]!);
      if (l < vars.length / 2 - 1) h = tf.relu(h);
    }
    return tf.losses.softmaxCrossEntropy(onehot, h) as tf.Scalar;
  };
  const step = (): number => {
    const { value, grads } = tf.variableGrads(lossFn, vars);
    tf.tidy(() => {
      for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, lr)));
    });
    const loss = value.dataSync()[0]!;
    value.dispose();
    tf.dispose(grads);
    return loss;
  };
  return {
    run: () => void step(),
    check: () => {
      const before = tf.memory().numTensors;
      const losses = [step(), step(), step()];
      if (tf.memory().numTensors !== before) throw new Error('tfjs MLP step leaks tensors');
      return losses;
    },
    dispose: () => disposeAll(...vars, x, onehot),
  };
}

/** A tfjs peer on one backend ('cpu' or 'wasm'). */
export function tfjsPeer(backend: 'cpu' | 'wasm'): Peer {
  return {
    name: `tfjs-${backend}`,
    async init() {
      if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' failed to initialise`);
      await tf.ready();
    },
    prepare(id) {
      if (id.startsWith('matmul-')) return matmul(Number(id.slice('matmul-'.length)));
      if (id.startsWith('relu-add-')) return reluAdd(Number(id.slice('relu-add-'.length)));
      if (id === 'sum-all' || id === 'sum-dim1') return sum(id === 'sum-dim1');
      if (id === 'overhead-add') return overhead();
      // tfjs records gradients only inside tf.grad/variableGrads closures: no per-op equivalent.
      if (id === 'overhead-add-grad') return null;
      if (id === 'mlp-step') return mlp();
      if (id === 'conv2d-fwd') return conv2dForward();
      // tfjs-backend-wasm registers no gradient kernels for conv2d/maxPool: it cannot train the CNN.
      if (id === 'cnn-step') return backend === 'wasm' ? null : cnnStep();
      return null;
    },
  };
}

/** Versions and flags for the results header. */
export function tfjsInfo(): Record<string, string> {
  return {
    tfjs: tf.version.tfjs,
    'tfjs-wasm SIMD': String(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')),
    'tfjs-wasm threads': String(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
}
