import type { DType } from '../dtype.js';
import { FLOATS, inp, NUMERIC, type OpEntry, ref } from './spec.js';

const INDEXING = 'this build has no indexing ops (gather/scatter/cat/…)';
const REDUCTIONS = 'this build has no var/std/softmax/sort/cumsum/einsum';
const RANDOM = 'this build has no random ops';

/** An int64 index input with values in `[0, high)`. */
const idx = (shape: readonly number[], high: number) =>
  inp(shape, { dtype: 'int64', low: 0, high, grad: false });
const mask = (shape: readonly number[]) => inp(shape, { dtype: 'bool' });
const WITH_INT: readonly DType[] = ['float32', 'float64', 'int64'];

/**
 * Indexing, extra reductions and random ops. They were written alongside the suite; `pending` is the
 * reason the runner reports if the core under test lacks the method (or function).
 */
export const PENDING_SAMPLES: readonly OpEntry[] = [
  {
    op: 'gather',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [
      { inputs: [inp([3, 4]), idx([3, 2], 4)], args: [1, ref(1)] },
      { inputs: [inp([3, 4], { expandFrom: [1, 4] }), idx([2, 4], 3)], args: [0, ref(1)] },
    ],
  },
  {
    op: 'scatter',
    pending: INDEXING,
    dtypes: WITH_INT,
    note: 'one index per column: no duplicate targets, so the result is deterministic',
    samples: [
      { inputs: [inp([3, 4]), idx([1, 4], 3), inp([1, 4])], args: [0, ref(1), ref(2)] },
      { inputs: [inp([3, 4]), idx([1, 4], 3)], args: [0, ref(1), 2.5] },
    ],
  },
  {
    op: 'scatterAdd',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [{ inputs: [inp([3, 4]), idx([2, 4], 3), inp([2, 4])], args: [0, ref(1), ref(2)] }],
  },
  {
    op: 'indexSelect',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [
      { inputs: [inp([3, 4]), idx([5], 4)], args: [1, ref(1)] },
      { inputs: [inp([2, 3, 4], { expandFrom: [2, 1, 4] }), idx([2], 3)], args: [1, ref(1)] },
    ],
  },
  {
    op: 'cat',
    call: 'function',
    pending: INDEXING,
    dtypes: [...NUMERIC, 'bool'],
    samples: [
      { inputs: [inp([3, 4]), inp([3, 2])], args: [[ref(0), ref(1)], 1] },
      { inputs: [inp([2, 4], { expandFrom: [1, 4] }), inp([3, 4])], args: [[ref(0), ref(1), ref(0)]] },
    ],
  },
  {
    op: 'stack',
    call: 'function',
    pending: INDEXING,
    dtypes: [...NUMERIC, 'bool'],
    samples: [
      { inputs: [inp([3, 4]), inp([3, 4])], args: [[ref(0), ref(1)]] },
      { inputs: [inp([3, 4]), inp([3, 4])], args: [[ref(0), ref(1)], -1] },
    ],
  },
  {
    op: 'maskedFill',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [
      { inputs: [inp([3, 4]), mask([3, 4])], args: [ref(1), 0.5] },
      { inputs: [inp([2, 3, 4], { expandFrom: [2, 1, 4] }), mask([4])], args: [ref(1), -1] },
    ],
  },
  {
    op: 'maskedSelect',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [{ inputs: [inp([3, 4]), mask([3, 4])] }],
  },
  {
    op: 'nonzero',
    pending: INDEXING,
    dtypes: [...NUMERIC, 'bool'],
    differentiable: false,
    samples: [{ inputs: [inp([3, 4], { gen: 'int', low: -1, high: 2 })] }],
  },
  { op: 'take', pending: INDEXING, dtypes: WITH_INT, samples: [{ inputs: [inp([3, 4]), idx([5], 12)] }] },
  { op: 'flip', pending: INDEXING, dtypes: WITH_INT, samples: [{ inputs: [inp([3, 4])], args: [[0, 1]] }] },
  {
    op: 'roll',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [
      { inputs: [inp([3, 4])], args: [1, 1] },
      {
        inputs: [inp([3, 4])],
        args: [
          [1, -1],
          [0, 1],
        ],
      },
    ],
  },
  {
    op: 'repeat',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [{ inputs: [inp([3, 4])], args: [2, 1, 2] }],
  },
  {
    op: 'tril',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [{ inputs: [inp([3, 4])] }, { inputs: [inp([3, 4])], args: [-1] }],
  },
  {
    op: 'triu',
    pending: INDEXING,
    dtypes: WITH_INT,
    samples: [{ inputs: [inp([3, 4])] }, { inputs: [inp([3, 4])], args: [1] }],
  },
  ...(['var', 'std'] as const).map(
    (op): OpEntry => ({
      op,
      pending: REDUCTIONS,
      samples: [
        { inputs: [inp([3, 4])] },
        { inputs: [inp([3, 4])], args: [1] },
        {
          inputs: [inp([2, 3, 4], { expandFrom: [2, 1, 4] })],
          kwargs: { dim: [0, 2], unbiased: false, keepdim: true },
        },
      ],
    }),
  ),
  ...(['softmax', 'logSoftmax', 'logsumexp'] as const).map(
    (op): OpEntry => ({
      op,
      pending: REDUCTIONS,
      samples: [
        { inputs: [inp([3, 4])], args: [1] },
        { inputs: [inp([2, 3, 4], { expandFrom: [2, 1, 4] })], args: [0] },
      ],
    }),
  ),
  ...(['cumsum', 'cumprod'] as const).map(
    (op): OpEntry => ({
      op,
      pending: REDUCTIONS,
      dtypes: NUMERIC,
      samples: [
        { inputs: [inp([3, 4], { low: 0.5, high: 1.5 })], args: [1] },
        { inputs: [inp([2, 3, 4], { low: -1.5, high: 1.5, expandFrom: [2, 1, 4] })], args: [0] },
      ],
    }),
  ),
  {
    op: 'sort',
    pending: REDUCTIONS,
    dtypes: NUMERIC,
    samples: [{ inputs: [inp([3, 4])] }, { inputs: [inp([3, 4])], kwargs: { dim: 0, descending: true } }],
  },
  {
    op: 'argsort',
    pending: REDUCTIONS,
    dtypes: NUMERIC,
    differentiable: false,
    samples: [{ inputs: [inp([3, 4])], args: [1] }],
  },
  {
    op: 'topk',
    pending: REDUCTIONS,
    dtypes: NUMERIC,
    samples: [
      { inputs: [inp([3, 4])], args: [2] },
      { inputs: [inp([3, 4])], args: [2, 0, false] },
    ],
  },
  {
    op: 'einsum',
    call: 'function',
    pending: REDUCTIONS,
    dtypes: FLOATS,
    samples: [
      { inputs: [inp([3, 4]), inp([4, 5])], args: ['ij,jk->ik', ref(0), ref(1)] },
      { inputs: [inp([2, 3, 4])], args: ['bij->bji', ref(0)] },
      { inputs: [inp([3, 4]), inp([3, 4])], args: ['ij,ij->', ref(0), ref(1)] },
    ],
  },
  {
    op: 'bernoulli',
    pending: RANDOM,
    differentiable: false,
    note: 'probabilities of exactly 0 and 1 make the draw deterministic, so PyTorch can be the oracle',
    samples: [{ inputs: [inp([3, 4], { gen: 'bool', grad: false })] }],
  },
];
