export { backward, grad, type BackwardOptions } from './engine.js';
export { Node } from './node.js';
