import { noGrad } from '../autograd/grad-mode.js';
import { RuntimeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';

/** Keyword arguments of {@link batchNorm}, as in `torch.nn.functional.batch_norm`. */
export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/** Keyword arguments of {@link layerNorm} / {@link groupNorm}. */
export interface AffineNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** `[1, C, 1, …]`: a per-channel vector shaped to broadcast against `[N, C, *]`. */
function perChannel(v: Tensor, ndim: number): Tensor {
  const s = new Array<number>(ndim).fill(1);
  s[1] = v.numel();
  return v.reshape(s);
}

function affine(
  y: Tensor,
  weight: Tensor | null | undefined,
  bias: Tensor | null | undefined,
  shape: (t: Tensor) => Tensor,
): Tensor {
  let out = y;
  if (weight) out = out.mul(shape(weight));
  if (bias) out = out.add(shape(bias));
  return out;
}

/**
 * `torch.nn.functional.batch_norm(input, running_mean, running_var, weight=None, bias=None,
 * training=False, momentum=0.1, eps=1e-5)` over `[N, C, *]`. In training it normalises with the
 * batch statistics (biased variance) and, when given, updates the running stats in place with the
 * unbiased variance, as PyTorch; otherwise it uses the running stats.
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null | undefined,
  runningVar: Tensor | null | undefined,
  ...args: unknown[]
): Tensor {
  const o = parseArgs<BatchNormOptions>(
    args,
    ['weight', 'bias', 'training', 'momentum', 'eps'],
    {},
    'batch_norm',
  );
  const training = o.training ?? false;
  const momentum = o.momentum ?? 0.1;
  const eps = o.eps ?? 1e-5;
  if (input.shape.length < 2)
    throw new ValueError(`expected 2D or higher input (got ${input.shape.length}D input)`);
  const C = input.shape[1]!;
  for (const [name, t] of [
    ['running_mean', runningMean],
    ['running_var', runningVar],
    ['weight', o.weight],
    ['bias', o.bias],
  ] as const) {
    if (t && t.numel() !== C) throw new RuntimeError(`${name} should contain ${C} elements not ${t.numel()}`);
  }
  const dims = [0, ...Array.from({ length: input.shape.length - 2 }, (_, i) => i + 2)];
  const nd = input.shape.length;
  let mean: Tensor;
  let variance: Tensor;
  if (training) {
    const count = input.numel() / C;
    if (count <= 1)
      throw new ValueError(
        `Expected more than 1 value per channel when training, got input size torch.Size(${fmt(input.shape)})`,
      );
    mean = input.mean(dims, true);
    variance = input.var(dims, { correction: 0, keepdim: true });
    if (runningMean || runningVar) {
      noGrad(() => {
        if (runningMean) runningMean.mul_(1 - momentum).add_(mean.detach().reshape(C).mul(momentum));
        if (runningVar)
          runningVar.mul_(1 - momentum).add_(
            variance
              .detach()
              .reshape(C)
              .mul((momentum * count) / (count - 1)),
          );
      });
    }
  } else {
    if (!runningMean || !runningVar)
      throw new RuntimeError('running_mean and running_var must be defined in evaluation mode');
    mean = perChannel(runningMean, nd);
    variance = perChannel(runningVar, nd);
  }
  const y = input.sub(mean).mul(variance.add(eps).rsqrt());
  return affine(y, o.weight, o.bias, (t) => perChannel(t, nd));
}

/**
 * `torch.nn.functional.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5)`:
 * normalises over the last `normalizedShape.length` dims (biased variance), then scales and shifts.
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | readonly number[],
  ...args: unknown[]
): Tensor {
  const o = parseArgs<AffineNormOptions>(args, ['weight', 'bias', 'eps'], {}, 'layer_norm');
  const ns = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const k = ns.length;
  const tail = input.shape.slice(input.shape.length - k);
  if (k === 0 || input.shape.length < k || tail.some((s, i) => s !== ns[i])) {
    throw new RuntimeError(
      `Given normalized_shape=${fmt(ns)}, expected input with shape [*, ${ns.join(', ')}], but got input of size${fmt(input.shape)}`,
    );
  }
  for (const [name, t] of [
    ['weight', o.weight],
    ['bias', o.bias],
  ] as const) {
    if (t && (t.shape.length !== k || t.shape.some((s, i) => s !== ns[i])))
      throw new RuntimeError(
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${fmt(t.shape)} and normalized_shape = ${fmt(ns)}`,
      );
  }
  const dims = Array.from({ length: k }, (_, i) => input.shape.length - k + i);
  const mean = input.mean(dims, true);
  const variance = input.var(dims, { correction: 0, keepdim: true });
  const y = input.sub(mean).mul(variance.add(o.eps ?? 1e-5).rsqrt());
  return affine(y, o.weight, o.bias, (t) => t);
}

/**
 * `torch.nn.functional.group_norm(input, num_groups, weight=None, bias=None, eps=1e-5)`: splits the
 * channels of `[N, C, *]` into groups, normalises each group per sample, then applies a per-channel
 * affine.
 */
export function groupNorm(input: Tensor, numGroups: number, ...args: unknown[]): Tensor {
  const o = parseArgs<AffineNormOptions>(args, ['weight', 'bias', 'eps'], {}, 'group_norm');
  if (input.shape.length < 2)
    throw new RuntimeError(
      `Expected at least 2 dimensions for input tensor but received ${input.shape.length}`,
    );
  const [N, C] = input.shape as [number, number];
  if (C % numGroups !== 0) {
    throw new RuntimeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape ${fmt(input.shape)} and num_groups=${numGroups}`,
    );
  }
  for (const [name, t] of [
    ['weight', o.weight],
    ['bias', o.bias],
  ] as const) {
    if (t && (t.shape.length !== 1 || t.numel() !== C))
      throw new RuntimeError(
        `Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape ${fmt(t.shape)} and input of shape ${fmt(input.shape)}`,
      );
  }
  const g = input.reshape(N, numGroups, -1);
  const mean = g.mean(2, true);
  const variance = g.var(2, { correction: 0, keepdim: true });
  const y = g
    .sub(mean)
    .mul(variance.add(o.eps ?? 1e-5).rsqrt())
    .reshape(input.shape);
  return affine(y, o.weight, o.bias, (t) => perChannel(t, input.shape.length));
}
