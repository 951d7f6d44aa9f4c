import { nnParitySuite } from './nn-parity.js';

nnParitySuite('webasm');
