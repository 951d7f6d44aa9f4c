import { parseArgs, type Tensor } from '@kindling/core';
import { type InterpolateMode, interpolate } from './functional/interpolate.js';
import { Module } from './module.js';
import { pyFloat } from './repr.js';

/** Options of {@link Upsample} in PyTorch's keyword names (camelCase). */
export interface UpsampleOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
}

/**
 * Upsamples `[N, C, *]` by a size or a scale factor (`torch.nn.Upsample`): `F.interpolate` with
 * the layer's fixed arguments (modes nearest, nearest-exact, linear, bilinear, trilinear).
 * @example new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' }).forward(torch.randn(1, 3, 4, 4)).shape // [1, 3, 8, 8]
 */
export class Upsample extends Module {
  readonly size: number | readonly number[] | null;
  readonly scaleFactor: number | readonly number[] | null;
  readonly mode: InterpolateMode;
  readonly alignCorners: boolean | null;
  readonly recomputeScaleFactor: boolean | null;

  /** `Upsample(size=null, scaleFactor=null, mode='nearest', alignCorners=null, recomputeScaleFactor=null)`. */
  constructor(...args: unknown[]) {
    super();
    const o = parseArgs<UpsampleOptions>(
      args,
      ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor'],
      {},
      'Upsample',
    );
    this.size = o.size ?? null;
    this.scaleFactor = o.scaleFactor ?? null;
    this.mode = o.mode ?? 'nearest';
    this.alignCorners = o.alignCorners ?? null;
    this.recomputeScaleFactor = o.recomputeScaleFactor ?? null;
  }

  override forward(input: Tensor): Tensor {
    return interpolate(input, {
      size: this.size,
      scaleFactor: this.scaleFactor,
      mode: this.mode,
      alignCorners: this.alignCorners,
      recomputeScaleFactor: this.recomputeScaleFactor,
    });
  }

  override extraRepr(): string {
    // PyTorch prints the scale factor as floats and the size as given.
    const sf = this.scaleFactor;
    const info =
      sf !== null
        ? `scale_factor=${typeof sf === 'number' ? pyFloat(sf) : `(${sf.map(pyFloat).join(', ')})`}`
        : `size=${typeof this.size === 'number' ? this.size : `(${(this.size ?? []).join(', ')})`}`;
    return `${info}, mode=${this.mode}`;
  }
}
