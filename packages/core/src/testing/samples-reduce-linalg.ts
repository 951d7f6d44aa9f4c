import type { DType } from '../dtype.js';
import { FLOATS, type InputSpec, inp, NUMERIC, type OpEntry, type Sample } from './spec.js';

const WITH_BOOL: readonly DType[] = ['float32', 'float64', 'int32', 'int64', 'bool'];

/**
 * Full, one dim, keepdim (positional and keyword forms), negative dims, 0-dim; with `multiDim`, dim
 * lists too (PyTorch 1.13's prod/all/any take a single dim only).
 */
function reduceSamples(range: Omit<InputSpec, 'shape'> = {}, multiDim = true): Sample[] {
  const x = (shape: number[], expandFrom?: number[]) =>
    inp(shape, { ...range, ...(expandFrom ? { expandFrom } : {}) });
  return [
    { inputs: [x([3, 4])] },
    { inputs: [x([3, 4])], args: [1] },
    { inputs: [x([2, 3, 4], [2, 1, 4])], args: multiDim ? [[0, 2], true] : [2, true] },
    { inputs: [x([2, 3, 4])], kwargs: { dim: -2, keepdim: true } },
    ...(multiDim ? [{ inputs: [x([2, 3, 4])], args: [[-1, 0]] }] : []),
    { inputs: [x([])] },
  ];
}

/** Ties along every dim, for the ops whose gradient or index must pick among equal values. */
const TIES = inp([3, 4], { gen: 'int', low: -1, high: 2 });
/** A tie sample: extremes are not differentiable at ties, so finite differences cannot judge them. */
const TIED = {
  inputs: [TIES],
  noGradcheck: true,
  note: 'ties: PyTorch shares the gradient equally; not differentiable there',
};

/** Reductions over dims and the value/index reductions. */
export const REDUCE_SAMPLES: readonly OpEntry[] = [
  {
    op: 'sum',
    dtypes: [...WITH_BOOL, 'uint8'],
    samples: [
      ...reduceSamples(),
      { inputs: [inp([3, 4])], kwargs: { dtype: 'float64' }, dtypes: ['float32', 'int32'] },
    ],
  },
  {
    op: 'prod',
    dtypes: [...WITH_BOOL],
    samples: [
      ...reduceSamples({ low: 0.5, high: 1.5 }, false),
      {
        inputs: [inp([3, 4], { gen: 'int', low: -1, high: 2 })],
        args: [1],
        noGradgradcheck: true,
        note: 'exact zeros, one or more per row. Known gap: with exactly two zeros in a row, the second derivative between the two zero elements is 0 instead of the product of the rest (prod backward treats the zero branch as a constant; PyTorch uses cumprod)',
      },
      { inputs: [inp([3, 4], { gen: 'int', low: -1, high: 2 })], note: 'exact zeros in a full product' },
    ],
  },
  { op: 'mean', dtypes: NUMERIC, samples: reduceSamples() },
  { op: 'amax', dtypes: WITH_BOOL, samples: [...reduceSamples(), { ...TIED, args: [1] }, TIED] },
  { op: 'amin', dtypes: WITH_BOOL, samples: [...reduceSamples(), { ...TIED, args: [0] }, TIED] },
  ...(['max', 'min'] as const).map(
    (op): OpEntry => ({
      op,
      dtypes: NUMERIC,
      samples: [
        { inputs: [inp([3, 4])] },
        TIED,
        {
          inputs: [inp([3, 4])],
          args: [1],
          gradRequires: ['scatter'],
          note: 'the backward of max(dim) scatters',
        },
        {
          inputs: [inp([2, 3, 4], { expandFrom: [2, 1, 4] })],
          args: [-2, true],
          gradRequires: ['scatter'],
          noGradcheck: true,
          note: 'the reduced dim is broadcast, so its values tie: not differentiable there',
        },
        { inputs: [inp([2, 3, 4])], kwargs: { dim: 0 }, gradRequires: ['scatter'] },
        { inputs: [inp([3, 4]), inp([3, 4])], note: 'max(other): the elementwise maximum' },
        { inputs: [inp([])] },
      ],
    }),
  ),
  ...(['argmax', 'argmin'] as const).map(
    (op): OpEntry => ({
      op,
      dtypes: NUMERIC,
      differentiable: false,
      samples: [
        { inputs: [inp([3, 4])] },
        { inputs: [inp([3, 4])], args: [1] },
        { inputs: [inp([2, 3, 4], { expandFrom: [2, 1, 4] })], args: [0, true] },
        { inputs: [inp([2, 3, 4])], kwargs: { dim: -1 } },
        { inputs: [TIES], args: [1], note: 'ties: the first index wins' },
        { inputs: [TIES], note: 'ties over the flattened tensor' },
        { inputs: [inp([3, 4])], kwargs: { keepdim: true } },
      ],
    }),
  ),
  ...(['all', 'any'] as const).map(
    (op): OpEntry => ({
      op,
      dtypes: ['bool', 'uint8', 'float32', 'int64'],
      differentiable: false,
      samples: reduceSamples({ gen: 'int', low: 0, high: 3 }, false),
    }),
  ),
];

/** Matrix products (the 1-D/2-D/batched rules of matmul included). */
export const LINALG_SAMPLES: readonly OpEntry[] = [
  {
    op: 'matmul',
    dtypes: [...FLOATS, 'int64'],
    samples: [
      { inputs: [inp([3, 4]), inp([4, 5])] },
      { inputs: [inp([4]), inp([4])] },
      { inputs: [inp([3, 4]), inp([4])] },
      { inputs: [inp([4]), inp([4, 5])] },
      { inputs: [inp([2, 3, 4]), inp([4, 5])] },
      { inputs: [inp([2, 1, 3, 4], { expandFrom: [1, 1, 3, 4] }), inp([3, 4, 2])] },
      { inputs: [inp([4]), inp([2, 4, 3])] },
      { inputs: [inp([2, 3, 4]), inp([4])] },
    ],
  },
  {
    op: 'mm',
    dtypes: [...FLOATS, 'int32'],
    samples: [{ inputs: [inp([3, 4]), inp([4, 5])] }, { inputs: [inp([1, 3]), inp([3, 1])] }],
  },
  {
    op: 'bmm',
    dtypes: [...FLOATS, 'int64'],
    samples: [{ inputs: [inp([2, 3, 4], { expandFrom: [1, 3, 4] }), inp([2, 4, 5])] }],
  },
  { op: 'mv', dtypes: [...FLOATS, 'int64'], samples: [{ inputs: [inp([3, 4]), inp([4])] }] },
  { op: 'dot', dtypes: [...FLOATS, 'int64'], samples: [{ inputs: [inp([5]), inp([5])] }] },
  { op: 'outer', dtypes: [...FLOATS, 'int64'], samples: [{ inputs: [inp([3]), inp([4])] }] },
];

/** Copies and dtype conversions. */
export const COPY_SAMPLES: readonly OpEntry[] = [
  {
    op: 'clone',
    dtypes: NUMERIC,
    samples: [{ inputs: [inp([3, 4])] }, { inputs: [inp([2, 3, 4], { expandFrom: [2, 1, 4] })] }],
  },
  {
    op: 'contiguous',
    dtypes: NUMERIC,
    samples: [{ inputs: [inp([3, 4])] }, { inputs: [inp([2, 3, 4], { expandFrom: [1, 3, 4] })] }],
  },
  {
    op: 'to',
    dtypes: NUMERIC,
    samples: [
      { inputs: [inp([3, 4])], args: ['float64'] },
      {
        inputs: [inp([3, 4])],
        args: ['float32'],
        noGradcheck: true,
        note: 'float32 rounding swamps central differences',
      },
      {
        inputs: [inp([2, 3, 4], { low: -3, high: 3, expandFrom: [2, 1, 4] })],
        args: ['int32'],
        note: 'float → int truncates',
      },
      { inputs: [inp([3, 4], { low: -3, high: 3 })], args: ['int64'] },
      { inputs: [inp([3, 4], { gen: 'int', low: -1, high: 2 })], args: ['bool'] },
      { inputs: [inp([3, 4], { low: 0, high: 10 })], kwargs: { dtype: 'uint8' } },
    ],
  },
  ...(['float', 'double', 'int', 'long', 'bool'] as const).map(
    (op): OpEntry => ({
      op,
      dtypes: ['float32', 'float64', 'int64', 'bool'],
      // float(): float32 rounding swamps central differences.
      samples: [
        { inputs: [inp([3, 4], { low: -3, high: 3 })], ...(op === 'float' ? { noGradcheck: true } : {}) },
      ],
    }),
  ),
];
