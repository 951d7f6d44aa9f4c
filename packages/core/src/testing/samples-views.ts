import type { DType } from '../dtype.js';
import { inp, type OpEntry, type Sample } from './spec.js';

// Views are dtype-agnostic: one float, one integer dtype and bool cover the storage paths.
const VIEW_DTYPES: readonly DType[] = ['float32', 'float64', 'int64', 'bool'];

function view(op: string, samples: readonly Sample[], note?: string): OpEntry {
  return { op, dtypes: VIEW_DTYPES, samples, ...(note ? { note } : {}) };
}

const M = inp([3, 4]);
const C = inp([2, 3, 4], { expandFrom: [2, 1, 4] });

/** Shape and stride manipulation: every op here returns a view (or a copy where PyTorch copies). */
export const VIEW_SAMPLES: readonly OpEntry[] = [
  view(
    'view',
    [
      // A transposed input cannot be viewed (in PyTorch too), and a broadcast one neither.
      { inputs: [M], args: [12], layouts: ['contiguous', 'strided'] },
      { inputs: [M], args: [-1, 2], layouts: ['contiguous', 'strided'] },
      { inputs: [inp([2, 3, 4])], args: [[4, -1]], layouts: ['contiguous'] },
      { inputs: [inp([2, 3, 4])], args: [2, 3, 2, 2], layouts: ['contiguous', 'strided'] },
    ],
    'view needs compatible strides: the transposed layout legitimately fails',
  ),
  view('reshape', [
    { inputs: [M], args: [12] },
    { inputs: [C], args: [[4, -1]] },
    { inputs: [C], args: [2, 12] },
    { inputs: [inp([])], args: [[1, 1]] },
  ]),
  view('reshapeAs', [{ inputs: [M, inp([2, 6])] }]),
  view('viewAs', [{ inputs: [M, inp([6, 2])], layouts: ['contiguous'] }]),
  view('permute', [
    { inputs: [C], args: [2, 0, 1] },
    { inputs: [C], args: [[1, -1, 0]] },
  ]),
  view('transpose', [
    { inputs: [M], args: [0, 1] },
    { inputs: [C], args: [-1, 0] },
  ]),
  view('swapaxes', [{ inputs: [C], args: [0, 2] }]),
  view('t', [{ inputs: [M] }, { inputs: [inp([4])] }]),
  view('movedim', [
    { inputs: [C], args: [0, -1] },
    {
      inputs: [C],
      args: [
        [0, 1],
        [2, 0],
      ],
    },
  ]),
  view('expand', [
    { inputs: [inp([3, 1])], args: [3, 4] },
    { inputs: [inp([3, 1])], args: [[2, -1, 4]] },
    { inputs: [inp([])], args: [2, 3] },
    { inputs: [inp([1, 4], { expandFrom: [1, 1] })], args: [3, 4] },
  ]),
  view('expandAs', [{ inputs: [inp([3, 1]), inp([2, 3, 4])] }]),
  view('broadcastTo', [{ inputs: [inp([4])], args: [[3, 4]] }]),
  view('squeeze', [
    { inputs: [inp([3, 1, 4, 1])] },
    { inputs: [inp([3, 1, 4])], args: [1] },
    { inputs: [inp([3, 1, 4])], args: [0] },
    { inputs: [inp([1, 3, 1])], args: [-1] },
  ]),
  view('unsqueeze', [
    { inputs: [M], args: [0] },
    { inputs: [M], args: [-1] },
    { inputs: [C], args: [2] },
    { inputs: [inp([])], args: [0] },
  ]),
  view('flatten', [
    { inputs: [C] },
    { inputs: [C], args: [1] },
    { inputs: [C], kwargs: { startDim: 0, endDim: 1 } },
    { inputs: [inp([])] },
  ]),
  view('unflatten', [{ inputs: [M], args: [1, [2, 2]] }]),
  view('narrow', [
    { inputs: [M], args: [1, 1, 2] },
    { inputs: [C], args: [0, -1, 1] },
  ]),
  view('select', [
    { inputs: [M], args: [1, 2] },
    { inputs: [C], args: [0, -1] },
    { inputs: [C], args: [-1, 0] },
  ]),
  view(
    'slice',
    [
      { inputs: [M], args: [1, 1, 3] },
      { inputs: [C], args: [2, 0, null, 2] },
      { inputs: [C], args: [1, -2] },
      { inputs: [M], args: [0, null, null, 2] },
    ],
    "Kindling's x.slice(dim, start, end, step) is x[..., start:end:step] in PyTorch",
  ),
  view('unbind', [{ inputs: [M] }, { inputs: [C], args: [1] }]),
  view('split', [
    { inputs: [M], args: [2, 1] },
    { inputs: [M], args: [[1, 3], 1] },
    { inputs: [C], args: [1] },
  ]),
  view('chunk', [
    { inputs: [M], args: [3, 1] },
    { inputs: [C], args: [2] },
  ]),
  view('diagonal', [
    { inputs: [M] },
    { inputs: [M], args: [1] },
    { inputs: [M], args: [-1] },
    { inputs: [C], args: [0, 1, 2] },
    { inputs: [C], kwargs: { offset: 1, dim1: -1, dim2: 0 } },
  ]),
];
