import { RuntimeError } from '../errors.js';
import type { GradContext, OpDef } from '../op.js';
import { claimStorage, releaseClaim, type StorageClaim } from '../storage.js';
import type { Tensor } from '../tensor.js';
import { Node } from './node.js';
import { sumToShape } from './sum-to-shape.js';

const TORCH_NAME: Record<string, string> = {
  float32: 'torch.FloatTensor',
  float64: 'torch.DoubleTensor',
  int32: 'torch.IntTensor',
  int64: 'torch.LongTensor',
  uint8: 'torch.ByteTensor',
  bool: 'torch.BoolTensor',
};

/** The backward node of an op from the table: saves what `backward` reads and calls it. */
export class OpNode<A = unknown> extends Node implements GradContext<A> {
  readonly name: string;
  private savedInputs: readonly Tensor[] | null;
  private savedOutputs: readonly Tensor[] | null;
  private readonly versions: number[] = [];
  readonly inputShapes: (readonly number[])[];
  private readonly inputDtypes: string[];
  readonly needsInputGrad: boolean[];

  constructor(
    readonly def: OpDef<A>,
    readonly attrs: A,
    inputs: readonly Tensor[],
    outputs: readonly Tensor[],
  ) {
    super();
    this.name = `${def.name[0]!.toUpperCase()}${def.name.slice(1)}Backward0`;
    const saveIn = def.saves?.inputs ?? true;
    const saveOut = def.saves?.outputs ?? true;
    this.savedInputs = saveIn ? inputs : null;
    this.savedOutputs = saveOut ? outputs : null;
    if (saveIn) for (const t of inputs) this.save(t);
    if (saveOut) for (const t of outputs) this.save(t);
    this.inputShapes = inputs.map((t) => t.shape);
    this.inputDtypes = inputs.map((t) => t.dtype);
    this.needsInputGrad = inputs.map((t) => t.requiresGrad);
    this.next = inputs.map((t) => {
      const node = t._gradEdgeNode();
      return node ? { node, nr: t.gradFn ? t.outputNr : 0 } : null;
    });
  }

  // A node that backward never reaches (its output was dropped or detached) gives its saved
  // memory back when it is garbage collected, through the claim's safety net.
  private readonly claims: StorageClaim[] = [];

  private save(t: Tensor): void {
    this.claims.push(claimStorage(t.storage, this));
    this.versions.push(t.storage.version);
  }

  get inputs(): readonly Tensor[] {
    return this.unpack(this.savedInputs, 0, 'inputs');
  }

  get outputs(): readonly Tensor[] {
    return this.unpack(this.savedOutputs, this.savedInputs?.length ?? 0, 'outputs');
  }

  private unpack(list: readonly Tensor[] | null, base: number, what: string): readonly Tensor[] {
    if (list === null) {
      if (this.released) {
        throw new RuntimeError(
          'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
        );
      }
      throw new RuntimeError(`${this.name} does not save its ${what}`);
    }
    for (let i = 0; i < list.length; i++) {
      const t = list[i]!;
      if (t.storage.version !== this.versions[base + i]) {
        throw new RuntimeError(
          `one of the variables needed for gradient computation has been modified by an inplace operation: [${TORCH_NAME[t.dtype]} [${t.shape.join(', ')}]], which is ${what === 'outputs' ? `output ${i}` : `input ${i}`} of ${this.name}, is at version ${t.storage.version}; expected version ${this.versions[base + i]} instead.`,
        );
      }
    }
    return list;
  }

  private released = false;

  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const backward = this.def.backward;
    if (!backward) throw new RuntimeError(`derivative for ${this.def.name} is not implemented`);
    const outs = this.savedOutputs;
    // Outputs that got no gradient contribute zeros (multi-output ops such as split/unbind).
    const filled = grads.slice();
    const nOut = Math.max(filled.length, outs?.length ?? 0);
    for (let i = 0; i < nOut; i++) {
      if (!filled[i] && outs?.[i]) filled[i] = outs[i]!.zerosLike();
    }
    const result = backward.call(this.def, this, filled as Tensor[]);
    const out: (Tensor | null)[] = new Array(this.inputShapes.length).fill(null);
    for (let i = 0; i < out.length; i++) {
      const g = result[i];
      if (!g || !this.needsInputGrad[i]) continue;
      let r = sumToShape(g, this.inputShapes[i]!);
      if (r.dtype !== this.inputDtypes[i]) r = r.to(this.inputDtypes[i] as Tensor['dtype']);
      out[i] = r;
    }
    return out;
  }

  override release(): void {
    if (this.released) return;
    this.released = true;
    for (const c of this.claims) releaseClaim(c);
    this.savedInputs = null;
    this.savedOutputs = null;
  }
}
