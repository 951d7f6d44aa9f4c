export { backward, grad, type BackwardOptions } from './engine.js';
export { Node } from './node.js';
export { gradcheck, gradgradcheck, type GradcheckOptions, type GradcheckOutput } from './gradcheck.js';
