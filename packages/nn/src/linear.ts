import { empty, noGrad, RuntimeError, type Tensor } from '@kindling/core';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { pyBool } from './repr.js';

/**
 * Returns its input unchanged (`torch.nn.Identity`); a placeholder where a layer is optional.
 * Constructor arguments are accepted and ignored, as in PyTorch.
 */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return input;
  }
}

/** Options of {@link Linear} in PyTorch's keyword names. */
export interface LinearOptions {
  bias?: boolean;
}

/**
 * Affine map y = x Wᵀ + b (`torch.nn.Linear`).
 *
 * Shapes: input `(*, inFeatures)` → output `(*, outFeatures)`. `weight` is `(outFeatures, inFeatures)`,
 * `bias` `(outFeatures)`. Default init (PyTorch's `reset_parameters`): weight by
 * `kaimingUniform_(w, √5)`, i.e. U(-1/√in, 1/√in) up to rounding, then bias U(-1/√in, 1/√in) —
 * with `torch.manualSeed` the weights equal PyTorch's bit for bit.
 * @example
 * torch.manualSeed(0);
 * const fc = new nn.Linear(4, 3);
 * fc.forward(torch.randn(2, 4)).shape; // [2, 3]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, bias: boolean | LinearOptions = true) {
    super();
    const useBias = typeof bias === 'object' ? (bias.bias ?? true) : bias;
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(empty(outFeatures, inFeatures));
    this.bias = useBias ? new Parameter(empty(outFeatures)) : null;
    this.resetParameters();
  }

  /** Re-draws weight and bias with the default initialisation (`reset_parameters`). */
  resetParameters(): void {
    kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const { fanIn } = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    const k = input.shape[input.shape.length - 1];
    if (input.ndim === 0 || k !== this.inFeatures) {
      const rows = input.ndim === 0 ? 1 : input.numel() / (k || 1);
      throw new RuntimeError(
        `mat1 and mat2 shapes cannot be multiplied (${rows}x${input.ndim === 0 ? 1 : k} and ${this.inFeatures}x${this.outFeatures})`,
      );
    }
    const y = input.matmul(this.weight.t());
    return this.bias ? y.add(this.bias) : y;
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/**
 * Bilinear map yₖ = x₁ᵀ Aₖ x₂ + bₖ (`torch.nn.Bilinear`).
 *
 * Shapes: inputs `(*, in1Features)` and `(*, in2Features)` → `(*, outFeatures)`; `weight` is
 * `(outFeatures, in1Features, in2Features)`. Default init: weight and bias from U(-1/√in1, 1/√in1),
 * weight first, as PyTorch.
 * @example
 * const bl = new nn.Bilinear(2, 3, 4);
 * bl.forward(torch.randn(5, 2), torch.randn(5, 3)).shape; // [5, 4]
 */
export class Bilinear extends Module {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    in1Features: number,
    in2Features: number,
    outFeatures: number,
    bias: boolean | LinearOptions = true,
  ) {
    super();
    const useBias = typeof bias === 'object' ? (bias.bias ?? true) : bias;
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(empty(outFeatures, in1Features, in2Features));
    this.bias = useBias ? new Parameter(empty(outFeatures)) : null;
    this.resetParameters();
  }

  /** Re-draws weight and bias with the default initialisation (`reset_parameters`). */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    noGrad(() => {
      uniform_(this.weight, -bound, bound);
      if (this.bias) uniform_(this.bias, -bound, bound);
    });
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    const [o, i1, i2] = [this.outFeatures, this.in1Features, this.in2Features];
    if (input1.shape[input1.ndim - 1] !== i1) {
      throw new RuntimeError(
        `bilinear(): input1 size does not match weight size: got ${input1.shape[input1.ndim - 1]} but expected ${i1}`,
      );
    }
    if (input2.shape[input2.ndim - 1] !== i2) {
      throw new RuntimeError(
        `bilinear(): input2 size does not match weight size: got ${input2.shape[input2.ndim - 1]} but expected ${i2}`,
      );
    }
    const lead = input1.shape.slice(0, -1);
    const x1 = input1.reshape(-1, i1);
    const x2 = input2.reshape(-1, i2);
    // (N, i1) @ (i1, o·i2) → (N, o, i2), then contract with x2 over i2.
    const t = x1.matmul(this.weight.permute(1, 0, 2).reshape(i1, o * i2)).view(-1, o, i2);
    let y = t.mul(x2.unsqueeze(1)).sum(-1);
    if (this.bias) y = y.add(this.bias);
    return y.reshape([...lead, o]);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
