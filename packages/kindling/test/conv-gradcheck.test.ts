import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

const { gradcheck, gradgradcheck } = torch.autograd;

function r(...shape: number[]): torch.Tensor {
  return torch.randn(shape, { dtype: 'float64' }).requiresGrad_();
}

describe('conv / pool / norm gradients against finite differences (float64)', () => {
  torch.manualSeed(0);
  it('conv2d: strided, padded, dilated, grouped, with bias; and double backward', () => {
    const x = r(2, 4, 5, 6);
    const w = r(6, 2, 3, 2);
    const b = r(6);
    const f = (x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) =>
      torch.conv2d(x, w, b, [2, 1], [1, 1], [1, 2], 2);
    expect(gradcheck(f, [x, w, b])).toBe(true);
    expect(gradgradcheck(f, [x, w, b])).toBe(true);
  });

  it("conv1d with padding='same' (uneven) and conv_transpose2d with output padding", () => {
    expect(gradcheck((x, w) => torch.conv1d(x, w, { padding: 'same' }), [r(2, 3, 7), r(2, 3, 4)])).toBe(true);
    const f = (x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) =>
      torch.convTranspose2d(x, w, { bias: b, stride: 2, padding: 1, outputPadding: 1, groups: 2 });
    const args = [r(1, 4, 3, 3), r(4, 2, 3, 3), r(4)];
    expect(gradcheck(f, args)).toBe(true);
    expect(gradgradcheck(f, args)).toBe(true);
  });

  it('max / avg / adaptive pooling', () => {
    const x = r(2, 2, 7, 6);
    expect(gradcheck((x) => torch.maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }), [x])).toBe(
      true,
    );
    expect(gradgradcheck((x) => torch.maxPool2d(x, 2), [x])).toBe(true);
    expect(
      gradcheck(
        (x) => torch.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
        [x],
      ),
    ).toBe(true);
    expect(gradgradcheck((x) => torch.avgPool2d(x, 2), [x])).toBe(true);
    expect(gradcheck((x) => torch.adaptiveAvgPool2d(x, [3, 4]), [x])).toBe(true);
    expect(gradcheck((x) => torch.adaptiveMaxPool2d(x, [4, 4]), [x])).toBe(true);
    expect(gradcheck((x) => torch.maxPool1d(x, 2, { stride: 1 }), [r(2, 3, 6)])).toBe(true);
  });

  it('batch / layer / group norm, and double backward', () => {
    const bn = (x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) =>
      torch.batchNorm(x, null, null, { weight: w, bias: b, training: true });
    expect(gradcheck(bn, [r(4, 3, 2), r(3), r(3)])).toBe(true);
    expect(gradgradcheck(bn, [r(4, 3, 2), r(3), r(3)])).toBe(true);
    const ln = (x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) => torch.layerNorm(x, [3, 2], w, b);
    expect(gradcheck(ln, [r(2, 3, 2), r(3, 2), r(3, 2)])).toBe(true);
    const gn = (x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) => torch.groupNorm(x, 2, w, b);
    expect(gradcheck(gn, [r(2, 4, 3), r(4), r(4)])).toBe(true);
  });
});

describe('the fused CPU conv2d kernel', () => {
  // Independent math: the same convolution as unfold + matmul (im2col GEMM through other ops).
  function reference(x: torch.Tensor, w: torch.Tensor, padding: number, groups: number): torch.Tensor {
    const [N, C, H, W] = x.shape as [number, number, number, number];
    const [O, , kh, kw] = w.shape as [number, number, number, number];
    const oh = H + 2 * padding - kh + 1;
    const ow = W + 2 * padding - kw + 1;
    const cols = torch.unfold(x, [kh, kw], { padding }).reshape(N, groups, (C / groups) * kh * kw, -1);
    const out = w.reshape(groups, O / groups, -1).matmul(cols);
    return out.reshape(N, O, oh, ow);
  }
  function maxDiff(a: torch.Tensor, b: torch.Tensor): number {
    return a.sub(b).abs().max().item() as number;
  }

  it('Winograd F(2×2, 3×3) across several tile chunks, odd sizes, padding 0 and 1 (float64 and float32)', () => {
    torch.manualSeed(1);
    // 3 images × 36×36 tiles = 3888 tiles: more than one 2048-tile chunk.
    const x = torch.randn([3, 5, 71, 72], { dtype: 'float64' });
    const w = torch.randn([4, 5, 3, 3], { dtype: 'float64' });
    for (const padding of [0, 1]) {
      expect(maxDiff(torch.conv2d(x, w, { padding }), reference(x, w, padding, 1))).toBeLessThan(1e-12);
      const got = torch.conv2d(x.float(), w.float(), { padding });
      expect(maxDiff(got.double(), reference(x, w, padding, 1))).toBeLessThan(1e-4);
    }
  });

  it('im2col + GEMM for strided, grouped and integer convolutions', () => {
    const x = torch.randint(-3, 4, [2, 4, 7, 6]);
    const w = torch.randint(-2, 3, [6, 2, 2, 3]);
    expect(torch.equal(torch.conv2d(x, w, { groups: 2 }), reference(x, w, 0, 2))).toBe(true);
  });
});

describe('conv / pool / norm errors, in PyTorch words, leave state unchanged', () => {
  const z = (...s: number[]) => torch.zeros(s);
  it('conv2d', () => {
    const w = z(6, 3, 3, 3);
    expect(() => torch.conv2d(z(1, 4, 5, 5), w)).toThrow(
      'Given groups=1, weight of size [6, 3, 3, 3], expected input[1, 4, 5, 5] to have 3 channels, but got 4 channels instead',
    );
    expect(() => torch.conv2d(z(2, 3), w)).toThrow(
      'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [2, 3]',
    );
    expect(() => torch.conv2d(z(1, 3, 2, 2), w)).toThrow(
      "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size",
    );
    expect(() => torch.conv2d(z(1, 4, 5, 5), z(3, 2, 3, 3), { groups: 2 })).toThrow(
      'Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]] instead',
    );
    expect(() => torch.conv2d(z(1, 3, 5, 5), w, z(5))).toThrow(
      'Given weight of size [6, 3, 3, 3], expected bias to be 1-dimensional with 6 elements, but got bias of size [5] instead',
    );
    expect(() => torch.conv2d(z(1, 3, 5, 5), w.double())).toThrow(
      'expected scalar type Float but found Double',
    );
    expect(() => torch.conv2d(z(1, 3, 5, 5), w, { stride: 2, padding: 'same' })).toThrow(
      "padding='same' is not supported for strided convolutions",
    );
    expect(() => torch.conv2d(z(1, 3, 5, 5), w, { stride: 0 })).toThrow(
      'non-positive stride is not supported',
    );
    expect(() => torch.conv2d(z(1, 3, 5, 5), w, { padding: -1 })).toThrow(
      'negative padding is not supported',
    );
    expect(() => torch.conv1d(z(2, 3, 5), z(4, 3, 3), { stride: [1, 1] })).toThrow(
      'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]',
    );
    expect(() => torch.convTranspose2d(z(1, 3, 5, 5), z(3, 2, 3, 3), { outputPadding: 1 })).toThrow(
      'output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1',
    );
  });

  it('pooling and normalisation', () => {
    expect(() => torch.maxPool2d(z(1, 1, 5, 5), 2, { padding: 2 })).toThrow(
      'pad should be at most half of kernel size, but got pad=2 and kernel_size=2',
    );
    expect(() => torch.avgPool2d(z(1, 1, 1, 1), 2)).toThrow(
      'Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small',
    );
    expect(() => torch.maxPool2d(z(5, 5), 2)).toThrow(
      'non-empty 3D or 4D (batch mode) tensor expected for input',
    );
    const long = torch.ones([1, 1, 4, 4], { dtype: 'int64' });
    expect(() => torch.maxPool2d(long, 2)).toThrow(`"max_pool2d" not implemented for 'Long'`);
    expect(() => torch.adaptiveMaxPool2d(long, 2)).toThrow(
      `"adaptive_max_pool2d" not implemented for 'Long'`,
    );
    expect(() => torch.avgPool2d(long.bool(), 2)).toThrow(`"avg_pool2d" not implemented for 'Bool'`);
    // Integer average pooling truncates, as PyTorch's kernel does.
    const ints = torch.tensor([
      [
        [
          [1, 2, 3],
          [4, 5, 7],
          [-7, 1, 2],
        ],
      ],
    ]);
    expect(torch.avgPool2d(ints, 2, 1).dtype).toBe('int64');
    expect(Array.from(torch.avgPool2d(ints, 2, 1).dataSync())).toEqual([3, 4, 0, 3]);
    // (+ 0: core's int64 trunc division can store -0 in its Float64Array; it prints and compares as 0.)
    expect(Array.from(torch.avgPool2d(ints.neg(), 2, 1).dataSync(), (v) => Number(v) + 0)).toEqual([
      -3, -4, 0, -3,
    ]);
    expect(() => torch.adaptiveAvgPool2d(z(2, 5), 2)).toThrow(
      'adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [2, 5]',
    );
    const rm = torch.zeros(3);
    const rv = torch.ones(3);
    expect(() => torch.batchNorm(z(1, 3), rm, rv, { training: true })).toThrow(
      'Expected more than 1 value per channel when training, got input size torch.Size([1, 3])',
    );
    expect(Array.from(rm.dataSync())).toEqual([0, 0, 0]);
    expect(() => torch.batchNorm(z(2, 3), torch.zeros(4), torch.ones(4), { training: true })).toThrow(
      'running_mean should contain 3 elements not 4',
    );
    expect(() => torch.layerNorm(z(2, 4), [5])).toThrow(
      'Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 4]',
    );
    expect(() => torch.groupNorm(z(2, 5, 3), 2)).toThrow(
      'Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 5, 3] and num_groups=2',
    );
  });
});
