/**
 * The convolution workloads in TensorFlow.js, the idiomatic tfjs way: NHWC activations, [kh, kw, in,
 * out] filters, `tf.variableGrads` for the training step. The data are Kindling's, transposed once
 * while preparing (not timed); activations are transposed back to NCHW before flattening so the
 * dense layer sees the same feature order and the losses agree.
 */
import * as tf from '@tensorflow/tfjs';
import { CNN, CONV, cnnData, convData } from './cnn-data.js';
import { fingerprint, type Prepared } from './harness.js';

/** [o, i, kh, kw] (PyTorch) → [kh, kw, i, o] (tfjs). */
const filter = (data: Float32Array, shape: number[]): tf.Tensor4D =>
  tf.tidy(() => tf.tensor4d(data, shape as [number, number, number, number]).transpose([2, 3, 1, 0]));

export function conv2dForward(): Prepared {
  const { n, c, h, w, o, k } = CONV;
  const d = convData();
  const x = tf.tidy(() => tf.tensor4d(d.x, [n, c, h, w]).transpose<tf.Tensor4D>([0, 2, 3, 1]));
  const wt = filter(d.w, [o, c, k, k]);
  const run = (): tf.Tensor4D => tf.conv2d(x, wt, 1, 'same');
  return {
    run: () => run().dispose(),
    check: () => tf.tidy(() => fingerprint(run().transpose([0, 3, 1, 2]).dataSync())),
    dispose: () => tf.dispose([x, wt]),
  };
}

export function cnnStep(): Prepared {
  const d = cnnData();
  const tag = Date.now();
  const vars = d.params.map((q, i) => {
    const t =
      q.shape.length === 4
        ? filter(q.data, q.shape)
        : q.shape.length === 2
          ? tf.tidy(() => tf.tensor2d(q.data, q.shape as [number, number]).transpose())
          : tf.tensor1d(q.data);
    const v = tf.variable(t, true, `bench_cnn${i}_${tag}`);
    t.dispose();
    return v;
  });
  const [c1, b1, c2, b2, f1, fb1, f2, fb2] = vars as tf.Variable[];
  const x = tf.tidy(() => tf.tensor4d(d.x, [CNN.batch, 1, 28, 28]).transpose<tf.Tensor4D>([0, 2, 3, 1]));
  const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(d.labels, 'int32'), CNN.classes));
  const lossFn = (): tf.Scalar => {
    const block = (t: tf.Tensor4D, w: tf.Variable, b: tf.Variable): tf.Tensor4D =>
      tf.maxPool(
        tf.relu(tf.add(tf.conv2d(t, w as tf.Tensor4D, 1, 'valid'), b)) as tf.Tensor4D,
        2,
        2,
        'valid',
      );
    const h = block(block(x, c1!, b1!), c2!, b2!);
    let z: tf.Tensor = h.transpose([0, 3, 1, 2]).reshape([CNN.batch, -1]);
    z = tf.relu(tf.add(tf.matMul(z as tf.Tensor2D, f1 as tf.Tensor2D), fb1!));
    z = tf.add(tf.matMul(z as tf.Tensor2D, f2 as tf.Tensor2D), fb2!);
    return tf.losses.softmaxCrossEntropy(onehot, z) as tf.Scalar;
  };
  const step = (): number => {
    const { value, grads } = tf.variableGrads(lossFn, vars);
    tf.tidy(() => {
      for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, CNN.lr)));
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
      const losses = [step(), step()];
      if (tf.memory().numTensors !== before) throw new Error('tfjs CNN step leaks tensors');
      return losses;
    },
    dispose: () => tf.dispose([...vars, x, onehot]),
    maxReps: 2,
  };
}
