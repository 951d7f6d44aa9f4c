export { type BackwardOptions, backward, grad } from './engine.js';
export { type GradcheckOptions, type GradcheckOutput, gradcheck, gradgradcheck } from './gradcheck.js';
export { Node } from './node.js';
