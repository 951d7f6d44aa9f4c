// Importing this module installs every op's Tensor methods. Order does not matter.
import './copy.js';
import './creation.js';
import './elementwise-api.js';
import './linalg.js';
import './reduce.js';
import './views.js';
import './where.js';
import './einsum.js';
import './norm.js';
import './scan.js';
import './softmax.js';
import './sort.js';
import './variance.js';
