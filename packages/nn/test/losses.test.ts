import type { Tensor } from '@kindling/core';
import * as core from '@kindling/core';
import { describe, expect, it } from 'vitest';
import * as F from '../src/functional/index.js';
import * as nn from '../src/index.js';
import './oracle-helpers.js';

// The loss modules are thin wrappers: each must give exactly its functional's result (which the
// oracle suite checks against PyTorch) with the options it was built with.
function det(shape: number[], scale = 0.37, shift = 0.1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return core.arange(n, { dtype: 'float64' }).mul(scale).add(shift).sin().reshape(shape);
}
const long = (v: number[]) => core.tensor(v, { dtype: 'int64' });

describe('loss modules delegate to nn.functional with their options', () => {
  const x = det([4, 3]);
  const y = det([4, 3], 0.61, 0.4);
  const t = long([0, 2, -100, 1]);
  const w = core.tensor([0.5, 2, 1], { dtype: 'float64' });
  const p = x.sigmoid();
  const q = y.sigmoid();
  const cases: [string, Tensor, Tensor][] = [
    ['MSELoss', new nn.MSELoss({ reduction: 'sum' }).forward(x, y), F.mseLoss(x, y, { reduction: 'sum' })],
    ['L1Loss', new nn.L1Loss().forward(x, y), F.l1Loss(x, y)],
    ['SmoothL1Loss', new nn.SmoothL1Loss({ beta: 0.3 }).forward(x, y), F.smoothL1Loss(x, y, { beta: 0.3 })],
    [
      'HuberLoss',
      new nn.HuberLoss({ delta: 0.4, reduction: 'none' }).forward(x, y),
      F.huberLoss(x, y, { delta: 0.4, reduction: 'none' }),
    ],
    [
      'CrossEntropyLoss',
      new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 }).forward(x, t),
      F.crossEntropy(x, t, { weight: w, labelSmoothing: 0.1 }),
    ],
    [
      'NLLLoss',
      new nn.NLLLoss({ ignoreIndex: 2 }).forward(x, long([0, 2, 1, 1])),
      F.nllLoss(x, long([0, 2, 1, 1]), { ignoreIndex: 2 }),
    ],
    ['BCELoss', new nn.BCELoss({ weight: w }).forward(p, q), F.binaryCrossEntropy(p, q, { weight: w })],
    [
      'BCEWithLogitsLoss',
      new nn.BCEWithLogitsLoss({ posWeight: w }).forward(x, q),
      F.binaryCrossEntropyWithLogits(x, q, { posWeight: w }),
    ],
    [
      'KLDivLoss',
      new nn.KLDivLoss({ reduction: 'batchmean' }).forward(x.logSoftmax(1), y.softmax(1)),
      F.klDiv(x.logSoftmax(1), y.softmax(1), { reduction: 'batchmean' }),
    ],
    [
      'CosineEmbeddingLoss',
      new nn.CosineEmbeddingLoss({ margin: 0.2 }).forward(x, y, core.tensor([1, -1, -1, 1])),
      F.cosineEmbeddingLoss(x, y, core.tensor([1, -1, -1, 1]), { margin: 0.2 }),
    ],
    [
      'MarginRankingLoss',
      new nn.MarginRankingLoss({ margin: 0.1 }).forward(
        x.select(1, 0),
        y.select(1, 0),
        core.tensor([1, -1, 1, -1]),
      ),
      F.marginRankingLoss(x.select(1, 0), y.select(1, 0), core.tensor([1, -1, 1, -1]), { margin: 0.1 }),
    ],
  ];
  for (const [name, got, want] of cases) {
    it(name, () => {
      expect(got.shape).toEqual(want.shape);
      expect(got.equal(want)).toBe(true);
    });
  }

  it("keeps class weights as buffers, as PyTorch's _WeightedLoss (state dict keys, repr)", () => {
    // PyTorch: CrossEntropyLoss(weight=w).state_dict() has 'weight'; BCEWithLogitsLoss(pos_weight=…)
    // has 'pos_weight'; without weights the state dict is empty.
    expect(Object.keys(new nn.CrossEntropyLoss({ weight: w }).stateDict())).toEqual(['weight']);
    expect(Object.keys(new nn.CrossEntropyLoss().stateDict())).toEqual([]);
    expect(Object.keys(new nn.BCEWithLogitsLoss({ posWeight: w }).stateDict())).toEqual(['pos_weight']);
    expect(new nn.CrossEntropyLoss({ weight: w }).toString()).toBe('CrossEntropyLoss()');
  });
});
