/**
 * Gradient and parameter helpers, as `torch.nn.utils`.
 * @module
 */
import { cat, noGrad, RuntimeError, stack, Tensor, TorchTypeError, tensor } from '@kindling/core';

type Params = Tensor | Iterable<Tensor>;
const toList = (p: Params): Tensor[] => (p instanceof Tensor ? [p] : [...p]);

/**
 * Scales gradients in place so that their joint `normType`-norm is at most `maxNorm`
 * (`torch.nn.utils.clip_grad_norm_`) and returns the norm before clipping. The scale is
 * `min(1, maxNorm / (norm + 1e-6))`, computed as tensors like PyTorch.
 * @example
 * loss.backward();
 * nn.utils.clipGradNorm_(model.parameters(), 1.0);
 * opt.step();
 */
export function clipGradNorm_(
  parameters: Params,
  maxNorm: number,
  normType: number | { normType?: number; errorIfNonfinite?: boolean } = 2,
  errorIfNonfinite = false,
): Tensor {
  if (typeof normType === 'object') {
    errorIfNonfinite = normType.errorIfNonfinite ?? false;
    normType = normType.normType ?? 2;
  }
  const p = normType;
  const grads = toList(parameters)
    .map((t) => t.grad)
    .filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return tensor(0, { dtype: 'float32' });
  return noGrad(() => {
    let total: Tensor;
    if (p === Number.POSITIVE_INFINITY) {
      const norms = grads.map((g) => g.detach().abs().max());
      total = norms.length === 1 ? norms[0]! : stack(norms).max();
    } else {
      total = stack(grads.map((g) => g.detach().norm(p))).norm(p);
    }
    if (errorIfNonfinite && !Number.isFinite(Number(total.item()))) {
      throw new RuntimeError(
        `The total norm of order ${p} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``,
      );
    }
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1.0);
    for (const g of grads) g.mul_(coef.to(g.dtype));
    return total;
  });
}

/** Clamps every gradient to [-clipValue, clipValue] in place (`torch.nn.utils.clip_grad_value_`). */
export function clipGradValue_(parameters: Params, clipValue: number): void {
  noGrad(() => {
    for (const t of toList(parameters)) t.grad?.clamp_(-clipValue, clipValue);
  });
}

/** All parameters flattened into one vector (`torch.nn.utils.parameters_to_vector`). */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  return cat([...parameters].map((p) => p.reshape(-1)));
}

/**
 * Makes each parameter a view of the matching slice of `vec` (`torch.nn.utils.vector_to_parameters`),
 * keeping the parameters' identity (like PyTorch's `param.data = ...`).
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TorchTypeError(`expected torch.Tensor, but got: ${typeof vec}`);
  const params = [...parameters];
  const total = params.reduce((n, p) => n + p.numel(), 0);
  if (vec.numel() < total) {
    throw new RuntimeError(`vector has ${vec.numel()} elements but the parameters need ${total}`);
  }
  noGrad(() => {
    let at = 0;
    for (const p of params) {
      const n = p.numel();
      p.set_(
        vec
          .detach()
          .reshape(-1)
          .narrow(0, at, n)
          .view(p.shape as number[]),
      );
      at += n;
    }
  });
}
