import type { DType } from '../dtype.js';
import { type Arg, FLOATS, INTEGRAL, inp, NUMERIC, type OpEntry, type Sample } from './spec.js';

const ALL: readonly DType[] = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool'];

interface UnaryOpts {
  low?: number;
  high?: number;
  dtypes?: readonly DType[];
  differentiable?: boolean;
  args?: readonly Arg[];
  kwargs?: Readonly<Record<string, Arg>>;
}

/** The standard unary samples: a matrix, a 3-D tensor (broadcastable from [2, 1, 4]) and a 0-dim tensor. */
function unarySamples(o: UnaryOpts): Sample[] {
  const r = {
    ...(o.low !== undefined ? { low: o.low } : {}),
    ...(o.high !== undefined ? { high: o.high } : {}),
  };
  const call = { ...(o.args ? { args: o.args } : {}), ...(o.kwargs ? { kwargs: o.kwargs } : {}) };
  return [
    { inputs: [inp([3, 4], r)], ...call },
    { inputs: [inp([2, 3, 4], { ...r, expandFrom: [2, 1, 4] })], ...call },
    { inputs: [inp([], r)], ...call },
  ];
}

function unary(op: string, o: UnaryOpts = {}): OpEntry {
  return {
    op,
    ...(o.dtypes ? { dtypes: o.dtypes } : {}),
    ...(o.differentiable === false ? { differentiable: false } : {}),
    samples: unarySamples(o),
  };
}

interface BinaryOpts {
  dtypes?: readonly DType[];
  differentiable?: boolean;
  /** Range of the second operand (divisors). */
  low?: number;
  high?: number;
  /** Range of the first operand. */
  aLow?: number;
  aHigh?: number;
  /** The scalar operand of the scalar sample; null: PyTorch takes only a tensor (no scalar sample). */
  scalar?: number | boolean | null;
  /** Extra samples (ties, alpha, mixed dtypes). */
  extra?: readonly Sample[];
}

/** Same shapes, broadcasting inside the op, a JS scalar, a 0-dim tensor, plus `extra`. */
function binary(op: string, o: BinaryOpts = {}): OpEntry {
  const a = {
    ...(o.aLow !== undefined ? { low: o.aLow } : {}),
    ...(o.aHigh !== undefined ? { high: o.aHigh } : {}),
  };
  const b = {
    ...(o.low !== undefined ? { low: o.low } : {}),
    ...(o.high !== undefined ? { high: o.high } : {}),
  };
  return {
    op,
    ...(o.dtypes ? { dtypes: o.dtypes } : {}),
    ...(o.differentiable === false ? { differentiable: false } : {}),
    samples: [
      { inputs: [inp([3, 4], a), inp([3, 4], b)] },
      { inputs: [inp([2, 3, 4], { ...a, expandFrom: [2, 1, 4] }), inp([3, 1], b)] },
      ...(o.scalar === null ? [] : [{ inputs: [inp([3, 4], a)], args: [o.scalar ?? 1.5] }]),
      { inputs: [inp([3, 4], a), inp([], b)] },
      ...(o.extra ?? []),
    ],
  };
}

/** Integer-valued operands: many ties, for comparisons and max/min gradients. */
const TIES: Sample = {
  inputs: [inp([3, 4], { gen: 'int', low: -2, high: 2 }), inp([3, 4], { gen: 'int', low: -2, high: 2 })],
  noGradgradcheck: true,
  note: 'the first derivative jumps at ties, so finite differences of it are meaningless there',
};
/** A float tensor with an int64 tensor: type promotion across categories. */
const MIXED: Sample = {
  inputs: [inp([3, 4]), inp([3, 4], { dtype: 'int64', low: 1, high: 4 })],
  dtypes: FLOATS,
};

/** Elementwise unary ops, clamp/gelu/softplus/pow-scalar and friends. */
export const UNARY_SAMPLES: readonly OpEntry[] = [
  unary('neg', { dtypes: ALL }),
  unary('abs', { dtypes: ALL }),
  unary('sign', { dtypes: ALL }),
  unary('exp', { dtypes: NUMERIC }),
  unary('exp2'),
  unary('expm1'),
  unary('log', { low: 0.1, high: 3, dtypes: NUMERIC }),
  unary('log2', { low: 0.1, high: 3 }),
  unary('log10', { low: 0.1, high: 3 }),
  unary('log1p', { low: -0.5, high: 2 }),
  unary('sqrt', { low: 0.1, high: 3, dtypes: NUMERIC }),
  unary('rsqrt', { low: 0.1, high: 3 }),
  unary('sin', { dtypes: NUMERIC }),
  unary('cos'),
  unary('tan', { low: -1.2, high: 1.2 }),
  unary('asin', { low: -0.9, high: 0.9 }),
  unary('acos', { low: -0.9, high: 0.9 }),
  unary('atan'),
  unary('sinh'),
  unary('cosh'),
  unary('tanh'),
  unary('sigmoid', { dtypes: NUMERIC }),
  unary('relu', { dtypes: ['float32', 'float64', 'int32', 'int64', 'bool'] }),
  unary('erf'),
  unary('erfc'),
  unary('silu'),
  unary('floor', { low: -3, high: 3, dtypes: NUMERIC }),
  unary('ceil', { low: -3, high: 3, dtypes: NUMERIC }),
  unary('round', { low: -3, high: 3, dtypes: NUMERIC }),
  unary('trunc', { low: -3, high: 3, dtypes: NUMERIC }),
  unary('frac', { low: -3, high: 3, dtypes: NUMERIC }),
  unary('reciprocal', { low: 0.3, high: 2, dtypes: NUMERIC }),
  unary('square', { dtypes: ALL }),
  unary('logicalNot', { dtypes: ALL, differentiable: false }),
  unary('bitwiseNot', { dtypes: [...INTEGRAL, 'float32'], differentiable: false }),
  unary('isnan', { dtypes: NUMERIC, differentiable: false }),
  unary('isinf', { dtypes: NUMERIC, differentiable: false }),
  unary('isfinite', { dtypes: NUMERIC, differentiable: false }),
  {
    op: 'clamp',
    dtypes: NUMERIC,
    samples: [
      ...unarySamples({ args: [-0.5, 0.5] }),
      { inputs: [inp([3, 4])], kwargs: { min: -1 } },
      { inputs: [inp([3, 4])], kwargs: { max: 0.25 } },
      { inputs: [inp([3, 4])], args: [null, 1] },
    ],
  },
  unary('clip', { args: [-1, 1] }),
  unary('clampMin', { args: [0.3] }),
  unary('clampMax', { args: [-0.3] }),
  {
    op: 'gelu',
    samples: [...unarySamples({}), ...unarySamples({ kwargs: { approximate: 'tanh' } })],
  },
  {
    op: 'softplus',
    samples: [
      ...unarySamples({}),
      {
        inputs: [inp([3, 4])],
        args: [2, 1],
        note: 'beta=2, threshold=1: part of the values are in the linear region',
      },
      { inputs: [inp([3, 4])], kwargs: { beta: 0.5 } },
    ],
  },
  {
    op: 'pow',
    dtypes: NUMERIC,
    samples: [
      ...unarySamples({ args: [3] }),
      { inputs: [inp([3, 4])], args: [2] },
      { inputs: [inp([3, 4], { low: 0.2, high: 3 })], args: [0.5], dtypes: FLOATS },
      { inputs: [inp([3, 4], { low: 0.2, high: 3 })], args: [-1.5], dtypes: FLOATS },
      { inputs: [inp([3, 4], { low: 0.5, high: 3 })], args: [-2], dtypes: FLOATS },
      { inputs: [inp([3, 4])], args: [0] },
      { inputs: [inp([3, 4])], args: [1] },
      // Tensor exponent: base kept positive so that fractional powers stay real.
      { inputs: [inp([3, 4], { low: 0.5, high: 2 }), inp([3, 4], { low: -2, high: 2 })], dtypes: FLOATS },
      {
        inputs: [
          inp([2, 3, 4], { low: 0.5, high: 2, expandFrom: [2, 1, 4] }),
          inp([3, 1], { low: -2, high: 2 }),
        ],
        dtypes: FLOATS,
      },
      {
        inputs: [inp([3, 4], { low: 0, high: 4 }), inp([3, 4], { low: 0, high: 3 })],
        dtypes: ['int32', 'int64'],
      },
    ],
  },
];

/** Elementwise binary ops, comparisons, logical and bitwise ops, rounding division and alpha. */
export const BINARY_SAMPLES: readonly OpEntry[] = [
  binary('add', {
    dtypes: ALL,
    extra: [
      { inputs: [inp([3, 4]), inp([3, 4])], args: [{ input: 1 }, 2.5], dtypes: NUMERIC },
      { ...MIXED },
      {
        inputs: [inp([3, 4]), inp([2, 1, 4])],
        kwargs: { alpha: -0.5 },
      },
    ],
  }),
  binary('sub', {
    dtypes: ALL,
    extra: [{ inputs: [inp([3, 4]), inp([3, 4])], kwargs: { alpha: 3 }, dtypes: NUMERIC }, MIXED],
  }),
  binary('mul', { dtypes: ALL, extra: [MIXED, { inputs: [inp([3, 4])], args: [true] }] }),
  binary('div', {
    dtypes: NUMERIC,
    low: 0.5,
    high: 3,
    extra: [
      MIXED,
      {
        inputs: [inp([3, 4], { low: -6, high: 6 }), inp([3, 4], { low: 1, high: 3 })],
        kwargs: { roundingMode: 'trunc' },
      },
      {
        inputs: [inp([3, 4], { low: -6, high: 6 }), inp([3, 4], { low: -3, high: -1 })],
        kwargs: { roundingMode: 'floor' },
      },
      {
        inputs: [inp([3, 4], { low: -6, high: 6 }), inp([3, 4], { low: 1, high: 3 })],
        args: [{ input: 1 }, 'floor'],
      },
      { inputs: [inp([3, 4], { low: -6, high: 6 })], args: [2], kwargs: { roundingMode: 'trunc' } },
    ],
  }),
  binary('trueDivide', { dtypes: NUMERIC, low: 1, high: 3 }),
  binary('floorDivide', { dtypes: NUMERIC, low: 1, high: 3, aLow: -6, aHigh: 6, scalar: 2 }),
  binary('maximum', { dtypes: NUMERIC, scalar: null, extra: [TIES] }),
  binary('minimum', { dtypes: NUMERIC, scalar: null, extra: [TIES] }),
  binary('atan2', { dtypes: NUMERIC, low: 0.5, high: 2, scalar: null }),
  binary('remainder', {
    dtypes: NUMERIC,
    low: 1,
    high: 3,
    aLow: -5,
    aHigh: 5,
    extra: [{ inputs: [inp([3, 4], { low: -5, high: 5 }), inp([3, 4], { low: -3, high: -1 })] }],
  }),
  binary('fmod', {
    dtypes: NUMERIC,
    low: 1,
    high: 3,
    aLow: -5,
    aHigh: 5,
    extra: [{ inputs: [inp([3, 4], { low: -5, high: 5 }), inp([3, 4], { low: -3, high: -1 })] }],
  }),
  ...(['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const).map((op) =>
    binary(op, {
      dtypes: ['float32', 'float64', 'int32', 'int64', 'bool'],
      differentiable: false,
      extra: [TIES, MIXED],
    }),
  ),
  ...(['logicalAnd', 'logicalOr', 'logicalXor'] as const).map((op) =>
    binary(op, {
      dtypes: ALL,
      differentiable: false,
      scalar: null,
      extra: [{ inputs: [inp([3, 4], { gen: 'bool' }), inp([3, 4], { gen: 'int', low: -1, high: 2 })] }],
    }),
  ),
  ...(['bitwiseAnd', 'bitwiseOr', 'bitwiseXor'] as const).map((op) =>
    binary(op, { dtypes: [...INTEGRAL, 'float32'], differentiable: false, scalar: 3 }),
  ),
  {
    op: 'where',
    call: 'function',
    dtypes: NUMERIC,
    samples: [
      { inputs: [inp([3, 4], { dtype: 'bool' }), inp([3, 4]), inp([3, 4])] },
      { inputs: [inp([2, 3, 4], { dtype: 'bool', expandFrom: [2, 1, 4] }), inp([3, 1]), inp([4])] },
      { inputs: [inp([3, 4], { dtype: 'bool' }), inp([3, 4])], args: [{ input: 0 }, { input: 1 }, 0.5] },
      {
        inputs: [inp([3, 4], { dtype: 'bool' }), inp([3, 4]), inp([3, 4], { dtype: 'int64' })],
        dtypes: FLOATS,
      },
    ],
  },
  {
    op: 'where',
    id: 'where.method',
    note: 'the method form: x.where(condition, other)',
    samples: [{ inputs: [inp([3, 4]), inp([3, 4], { dtype: 'bool' }), inp([3, 4])] }],
  },
];
