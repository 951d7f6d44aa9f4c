import type { Tensor } from '../tensor.js';

/** Where a gradient goes next: input slot `nr` of `node` (the forward op's output number). */
export interface Edge {
  readonly node: Node;
  readonly nr: number;
}

/** A hook on a tensor's gradient: return a tensor to replace the gradient, or nothing to keep it. */
export type GradHook = (grad: Tensor) => Tensor | undefined | void;

let sequence = 0;

/**
 * A step of the backward graph (PyTorch's `torch.autograd.graph.Node`): receives the gradients of a
 * forward op's outputs and returns those of its inputs, in input order.
 */
export abstract class Node {
  /** Later nodes run first when several are ready, as in PyTorch. */
  readonly seq = sequence++;
  /** One edge per forward input; null where that input needs no gradient. */
  next: (Edge | null)[] = [];
  /** Hooks registered on the tensors this node produced, by output number. */
  preHooks: Map<number, GradHook[]> | null = null;

  abstract readonly name: string;

  abstract apply(grads: (Tensor | null)[]): (Tensor | null)[];

  /** Drops saved values after a backward pass that does not retain the graph. */
  release(): void {}

  addPreHook(outputNr: number, hook: GradHook): void {
    this.preHooks ??= new Map();
    const list = this.preHooks.get(outputNr) ?? [];
    list.push(hook);
    this.preHooks.set(outputNr, list);
  }

  /** `next_functions` as PyTorch names it. */
  get nextFunctions(): ReadonlyArray<readonly [Node | null, number]> {
    return this.next.map((e) => (e ? ([e.node, e.nr] as const) : ([null, 0] as const)));
  }
}
