import { RuntimeError } from '../errors.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { AccumulateGrad } from './accumulate.js';
import { isAnomalyEnabled } from './anomaly.js';
import { isGradEnabled, setGradEnabled } from './grad-mode.js';
import type { Node } from './node.js';

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
  /** Only accumulate into these leaves (`backward(inputs=...)`). */
  inputs?: Tensor[];
}

function rootGrads(roots: Tensor[], grads: (Tensor | null)[] | null): Tensor[] {
  return roots.map((r, i) => {
    const g = grads?.[i];
    if (g) {
      if (!shapesEqual(g.shape, r.shape)) {
        throw new RuntimeError(
          `Mismatch in shape: grad_output[${i}] has a shape of [${g.shape.join(', ')}] and output[${i}] has a shape of [${r.shape.join(', ')}].`,
        );
      }
      return g;
    }
    if (r.numel() !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
    return r.onesLike();
  });
}

function collectDependencies(roots: Node[]): Map<Node, number> {
  const deps = new Map<Node, number>();
  const seen = new Set<Node>(roots);
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop()!;
    for (const e of n.next) {
      if (!e) continue;
      deps.set(e.node, (deps.get(e.node) ?? 0) + 1);
      if (!seen.has(e.node)) {
        seen.add(e.node);
        stack.push(e.node);
      }
    }
  }
  return deps;
}

function accumulateInto(buffers: Map<Node, (Tensor | null)[]>, node: Node, nr: number, g: Tensor): void {
  let buf = buffers.get(node);
  if (!buf) buffers.set(node, (buf = []));
  const cur = buf[nr];
  buf[nr] = cur ? cur.add(g) : g;
}

/**
 * Runs the backward graph from `roots`. When `capture` is given, the gradients reaching those
 * tensors are returned instead of being accumulated into leaves (`torch.autograd.grad`).
 */
function execute(
  roots: Tensor[],
  grads: (Tensor | null)[] | null,
  opts: BackwardOptions,
  capture?: Tensor[],
): (Tensor | null)[] {
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  for (const [i, r] of roots.entries()) {
    if (!r.requiresGrad) {
      throw new RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
  }
  const gradRoots = rootGrads(roots, grads);
  const rootNodes: Node[] = [];
  const buffers = new Map<Node, (Tensor | null)[]>();
  for (let i = 0; i < roots.length; i++) {
    const node = roots[i]!._gradEdgeNode()!;
    if (!rootNodes.includes(node)) rootNodes.push(node);
    accumulateInto(buffers, node, roots[i]!.gradFn ? roots[i]!.outputNr : 0, gradRoots[i]!);
  }
  const deps = collectDependencies(rootNodes);

  // What to capture or restrict to: the node and slot each input's gradient arrives at.
  const targets = capture ?? opts.inputs;
  const targetKeys = targets?.map((t) => {
    if (!t.requiresGrad) throw new RuntimeError('One of the differentiated Tensors does not require grad');
    return { node: t._gradEdgeNode()!, nr: t.gradFn ? t.outputNr : 0 };
  });
  const captured: (Tensor | null)[] = targets ? targets.map(() => null) : [];

  const prevMode = isGradEnabled();
  setGradEnabled(createGraph);
  try {
    const ready: Node[] = [...rootNodes.filter((n) => !deps.get(n))];
    while (ready.length) {
      // The most recently created ready node first, like PyTorch's engine.
      let best = 0;
      for (let i = 1; i < ready.length; i++) if (ready[i]!.seq > ready[best]!.seq) best = i;
      const node = ready.splice(best, 1)[0]!;
      const inGrads = buffers.get(node) ?? [];
      buffers.delete(node);
      if (node.preHooks) {
        for (const [nr, hooks] of node.preHooks) {
          for (const h of hooks) {
            const g = inGrads[nr];
            if (!g) continue;
            const r = h(g);
            if (r) inGrads[nr] = r;
          }
        }
      }
      if (targetKeys) {
        for (let k = 0; k < targetKeys.length; k++) {
          const key = targetKeys[k]!;
          if (key.node === node && inGrads[key.nr]) captured[k] = inGrads[key.nr]!;
        }
      }
      let outGrads: (Tensor | null)[] = [];
      const isAccumulator = node instanceof AccumulateGrad;
      const skipAccumulate =
        isAccumulator && (capture !== undefined || (targetKeys && !targetKeys.some((k) => k.node === node)));
      if (!skipAccumulate && inGrads.some((g) => g)) {
        outGrads = node.apply(inGrads);
        if (isAnomalyEnabled()) checkNan(node, outGrads);
      }
      for (let i = 0; i < node.next.length; i++) {
        const e = node.next[i];
        if (!e) continue;
        const g = outGrads[i];
        if (g) accumulateInto(buffers, e.node, e.nr, g);
        const left = deps.get(e.node)! - 1;
        deps.set(e.node, left);
        if (left === 0) ready.push(e.node);
      }
      if (!retainGraph) node.release();
    }
  } finally {
    setGradEnabled(prevMode);
  }
  return captured;
}

function checkNan(node: Node, grads: (Tensor | null)[]): void {
  grads.forEach((g, i) => {
    if (g?.isFloatingPoint() && g.isnan().any().item()) {
      throw new RuntimeError(`Function '${node.name}' returned nan values in its ${i}th output.`);
    }
  });
}

/** `torch.autograd.backward(tensors, grad_tensors)`. */
export function backward(roots: Tensor[], grads: (Tensor | null)[] | null, opts: BackwardOptions = {}): void {
  execute(roots, grads, opts);
}

/**
 * `torch.autograd.grad(outputs, inputs, grad_outputs)`: the gradients of `outputs` with respect to
 * `inputs`, without touching any `.grad`.
 */
export function grad(
  outputs: Tensor | Tensor[],
  inputs: Tensor | Tensor[],
  gradOutputs?: Tensor | (Tensor | null)[] | null,
  opts: { retainGraph?: boolean; createGraph?: boolean; allowUnused?: boolean } = {},
): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const gos = gradOutputs == null ? null : Array.isArray(gradOutputs) ? gradOutputs : [gradOutputs];
  const result = execute(outs, gos, opts, ins);
  result.forEach((g, i) => {
    if (!g && !opts.allowUnused) {
      throw new RuntimeError(
        `One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior. (input ${i})`,
      );
    }
  });
  return result;
}
