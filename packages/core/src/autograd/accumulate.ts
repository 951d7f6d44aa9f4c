import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { Node } from './node.js';

/** The node at a leaf: adds the incoming gradient into `leaf.grad`. */
export class AccumulateGrad extends Node {
  readonly name = 'AccumulateGrad';
  constructor(readonly variable: Tensor) {
    super();
  }

  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const g = grads[0];
    if (!g) return [];
    const v = this.variable;
    // With createGraph the gradient keeps its history (for double backward); otherwise it is data.
    const incoming = isGradEnabled() ? g : g.detach();
    v.grad = v.grad ? (isGradEnabled() ? v.grad.add(incoming) : v.grad.add_(incoming)) : incoming;
    // The gradient belongs to the leaf now, not to whatever scope ran backward().
    v.grad.escapedScope = true;
    return [];
  }
}
