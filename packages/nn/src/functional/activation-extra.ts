import { RuntimeError, type Tensor, where } from '@kindling/core';

/**
 * `F.prelu(input, weight)`: x for x > 0, weight·x otherwise, with one weight or one per channel
 * (dim 1; inputs under 2-D have one channel). Mirrors `torch.nn.functional.prelu`.
 */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  const n = weight.numel();
  let w = weight;
  if (n !== 1) {
    const channels = input.shape.length >= 2 ? input.shape[1]! : 1;
    if (n !== channels) {
      throw new RuntimeError(
        `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${n} and channel size = ${channels}.`,
      );
    }
    if (input.shape.length >= 2) {
      const shape = new Array<number>(input.shape.length).fill(1);
      shape[1] = n;
      w = weight.reshape(shape);
    }
  }
  return where(input.gt(0), input, input.mul(n === 1 ? w.reshape([]) : w));
}

/** `F.glu(input, dim=-1)`: a·sigmoid(b) for the two halves a, b of `dim`. Mirrors `torch.nn.functional.glu`. */
export function glu(input: Tensor, dim: number | { dim?: number } = -1): Tensor {
  const d0 = typeof dim === 'object' ? (dim.dim ?? -1) : dim;
  if (input.shape.length === 0)
    throw new RuntimeError('glu does not support scalars because halving size must be even');
  const d = d0 < 0 ? d0 + input.shape.length : d0;
  const size = input.shape[d]!;
  if (size % 2 !== 0) {
    throw new RuntimeError(`Halving dimension must be even, but dimension ${d} is size ${size}`);
  }
  return input.narrow(d, 0, size / 2).mul(input.narrow(d, size / 2, size / 2).sigmoid());
}

/** `F.threshold(input, threshold, value)`: x where x > threshold, else `value`. Mirrors `torch.nn.functional.threshold`. */
export function threshold(input: Tensor, threshold: number, value: number): Tensor {
  return where(input.gt(threshold), input, value);
}

/** `F.hardshrink(input, lambd=0.5)`: 0 on [−lambd, lambd], x elsewhere. Mirrors `torch.nn.functional.hardshrink`. */
export function hardshrink(input: Tensor, lambd: number | { lambd?: number } = 0.5): Tensor {
  const l = typeof lambd === 'object' ? (lambd.lambd ?? 0.5) : lambd;
  return where(input.ge(-l).logicalAnd(input.le(l)), 0, input);
}

/** `F.softshrink(input, lambd=0.5)`: x − lambd above lambd, x + lambd below −lambd, else 0. Mirrors `torch.nn.functional.softshrink`. */
export function softshrink(input: Tensor, lambd: number | { lambd?: number } = 0.5): Tensor {
  const l = typeof lambd === 'object' ? (lambd.lambd ?? 0.5) : lambd;
  return where(input.gt(l), input.sub(l), where(input.lt(-l), input.add(l), 0));
}

/** `F.tanhshrink(input)`: x − tanh(x). Mirrors `torch.nn.functional.tanhshrink`. */
export function tanhshrink(input: Tensor): Tensor {
  return input.sub(input.tanh());
}
