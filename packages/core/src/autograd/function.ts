import { isFloatingPoint } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { claimStorage, releaseClaim, type StorageClaim } from '../storage.js';
import { Tensor } from '../tensor.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { Node } from './node.js';
import { sumToShape } from './sum-to-shape.js';

/** The `ctx` a custom {@link Function} receives in `forward` and `backward`. */
export class FunctionCtx {
  private saved: Tensor[] | null = [];
  private savedVersions: number[] = [];
  private readonly claims: StorageClaim[] = [];
  /** Whether each forward argument needs a gradient (false for non-tensors). */
  needsInputGrad: boolean[] = [];
  readonly nonDifferentiable = new Set<Tensor>();
  /** Free-form storage for non-tensor values `backward` needs. */
  [key: string]: unknown;

  /** Saves tensors for `backward` (checked against later in-place changes). */
  saveForBackward(...tensors: Tensor[]): void {
    for (const t of tensors) {
      this.claims.push(claimStorage(t.storage, this));
      this.savedVersions.push(t.storage.version);
    }
    this.saved = tensors;
  }

  get savedTensors(): Tensor[] {
    if (this.saved === null) {
      throw new RuntimeError(
        'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Specify retain_graph=True if you need to backward through the graph a second time.',
      );
    }
    this.saved.forEach((t, i) => {
      if (t.storage.version !== this.savedVersions[i]) {
        throw new RuntimeError(
          'one of the variables needed for gradient computation has been modified by an inplace operation',
        );
      }
    });
    return this.saved;
  }

  /** Marks outputs that never get gradients (indices, masks). */
  markNonDifferentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this.nonDifferentiable.add(t);
  }

  _release(): void {
    for (const c of this.claims) releaseClaim(c);
    this.claims.length = 0;
    this.saved = null;
  }
}

export type Grads = Tensor | null | undefined | (Tensor | null | undefined)[];

class CustomNode extends Node {
  constructor(
    readonly name: string,
    private readonly fn: { backward(ctx: FunctionCtx, ...grads: Tensor[]): Grads },
    private readonly ctx: FunctionCtx,
    private readonly argTensors: (Tensor | null)[],
    private readonly outputs: Tensor[],
  ) {
    super();
    this.next = argTensors.map((t) => {
      const node = t?.requiresGrad ? t._gradEdgeNode() : null;
      return node ? { node, nr: t!.gradFn ? t!.outputNr : 0 } : null;
    });
  }

  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    // Missing output gradients are materialised as zeros, as PyTorch does by default.
    const filled = this.outputs.map((o, i) => grads[i] ?? o.zerosLike());
    const r = this.fn.backward(this.ctx, ...filled);
    const list = Array.isArray(r) ? r : [r];
    if (list.length !== this.argTensors.length) {
      throw new RuntimeError(
        `function ${this.name} returned an incorrect number of gradients (expected ${this.argTensors.length}, got ${list.length})`,
      );
    }
    return list.map((g, i) => {
      const input = this.argTensors[i];
      if (!g || !input?.requiresGrad) return null;
      try {
        return sumToShape(g, input.shape);
      } catch {
        throw new RuntimeError(
          `Function ${this.name} returned an invalid gradient at index ${i} - got [${g.shape.join(', ')}] but expected shape compatible with [${input.shape.join(', ')}]`,
        );
      }
    });
  }

  override release(): void {
    this.ctx._release();
  }
}

/**
 * A custom differentiable operation, as `torch.autograd.Function`: subclass it with static `forward`
 * and `backward`, call it with `apply`. `backward` returns one gradient per `forward` argument
 * (null for non-tensors and inputs that need none).
 * @example
 * class Square extends torch.autograd.Function {
 *   static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
 *     ctx.saveForBackward(x);
 *     return x.mul(x);
 *   }
 *   static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
 *     const [x] = ctx.savedTensors;
 *     return g.mul(x!).mul(2);
 *   }
 * }
 * const y = Square.apply(torch.tensor([3.0], { requiresGrad: true }));
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: PyTorch's name, used as `torch.autograd.Function`.
export class Function {
  static forward(_ctx: FunctionCtx, ..._args: never[]): Tensor | Tensor[] {
    throw new RuntimeError('You must implement the forward function for custom autograd.Function.');
  }

  static backward(_ctx: FunctionCtx, ..._grads: Tensor[]): Grads {
    throw new RuntimeError(
      'You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.',
    );
  }

  static apply<A extends unknown[], R extends Tensor | Tensor[]>(
    this: {
      name: string;
      forward(ctx: FunctionCtx, ...args: A): R;
      backward(ctx: FunctionCtx, ...grads: Tensor[]): Grads;
    },
    ...args: A
  ): R {
    const ctx = new FunctionCtx();
    const argTensors = args.map((a) => (a instanceof Tensor ? a : null));
    ctx.needsInputGrad = argTensors.map((t) => !!t?.requiresGrad);
    const raw = noGrad(() => this.forward(ctx, ...args));
    const outs = Array.isArray(raw) ? raw.slice() : [raw as Tensor];
    const record = isGradEnabled() && ctx.needsInputGrad.some(Boolean);
    if (!record) return raw;
    // An input returned unchanged becomes a new tensor sharing its memory, so history can attach.
    const final = outs.map((o) => (argTensors.includes(o) ? o.detach() : o));
    const node = new CustomNode(`${this.name}Backward`, this, ctx, argTensors, final);
    final.forEach((o, i) => {
      if (isFloatingPoint(o.dtype) && !ctx.nonDifferentiable.has(outs[i]!)) o._setGradFn(node, i);
    });
    return (Array.isArray(raw) ? final : final[0]) as R;
  }
}
