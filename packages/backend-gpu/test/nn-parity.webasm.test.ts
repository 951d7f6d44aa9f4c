import { nnParitySuite } from './nn-parity.js';

await nnParitySuite('webasm');
