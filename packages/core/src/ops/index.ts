// Importing this module installs every op's Tensor methods. Order does not matter.
import './copy.js';
import './creation.js';
import './elementwise-api.js';
import './linalg.js';
import './unfold.js';
import './reduce.js';
import './views.js';
import './slicing.js';
import './where.js';
import './scatter-gather.js';
import './index-select.js';
import './indexing.js';
import './join.js';
import './rearrange.js';
import './masked.js';
