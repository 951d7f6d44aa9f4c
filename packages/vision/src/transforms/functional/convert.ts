import {
  type DType,
  isFloatingPoint,
  RuntimeError,
  type Tensor,
  TorchTypeError,
  tensor,
  ValueError,
} from '@kindling/core';

/**
 * `transforms.functional.to_tensor`: a uint8 image laid out as PIL/NumPy gives it — [H, W] or
 * [H, W, C] — becomes float32 [C, H, W] divided by 255. Float images are only transposed.
 * @example
 * F.toTensor(mnistImage); // uint8 [28, 28] -> float32 [1, 28, 28] in [0, 1]
 */
export function toTensor(pic: Tensor): Tensor {
  if (pic.dim() !== 2 && pic.dim() !== 3) {
    throw new ValueError(`pic should be 2/3 dimensional. Got ${pic.dim()} dimensions.`);
  }
  const hwc = pic.dim() === 2 ? pic.unsqueeze(-1) : pic;
  const chw = hwc.permute(2, 0, 1).contiguous();
  return pic.dtype === 'uint8' ? chw.to('float32').div(255) : chw;
}

/**
 * `transforms.functional.pil_to_tensor`: [H, W] or [H, W, C] → [C, H, W] keeping the dtype
 * (no scaling), the layout torchvision.io and every tensor transform use.
 */
export function toImageTensor(pic: Tensor): Tensor {
  if (pic.dim() !== 2 && pic.dim() !== 3) {
    throw new ValueError(`pic should be 2/3 dimensional. Got ${pic.dim()} dimensions.`);
  }
  return (pic.dim() === 2 ? pic.unsqueeze(-1) : pic).permute(2, 0, 1).contiguous();
}

function maxValue(dtype: DType): number {
  switch (dtype) {
    case 'uint8':
      return 255;
    case 'int32':
      return 2147483647;
    case 'bool':
      return 1;
    default:
      return 2 ** 63 - 1;
  }
}

/**
 * `transforms.functional.convert_image_dtype`: rescales between integer ranges and float [0, 1]
 * (uint8 → float divides by 255; float → uint8 multiplies by 255.999 and truncates).
 */
export function convertImageDtype(image: Tensor, dtype: DType = 'float32'): Tensor {
  if (image.dtype === dtype) return image;
  if (isFloatingPoint(image.dtype)) {
    if (isFloatingPoint(dtype)) return image.to(dtype);
    if (
      (image.dtype === 'float32' && (dtype === 'int32' || dtype === 'int64')) ||
      (image.dtype === 'float64' && dtype === 'int64')
    ) {
      throw new RuntimeError(`The cast from ${image.dtype} to ${dtype} cannot be performed safely.`);
    }
    const eps = 1e-3;
    return image.mul(maxValue(dtype) + 1.0 - eps).to(dtype);
  }
  const inMax = maxValue(image.dtype);
  if (isFloatingPoint(dtype)) return image.to(dtype).div(inMax);
  const outMax = maxValue(dtype);
  if (inMax > outMax) {
    const factor = Math.trunc((inMax + 1) / (outMax + 1));
    return image.div(factor, { roundingMode: 'floor' }).to(dtype);
  }
  const factor = Math.trunc((outMax + 1) / (inMax + 1));
  return image.to(dtype).mul(factor);
}

/**
 * `transforms.functional.normalize`: `(x - mean[c]) / std[c]` per channel of a float [..., C, H, W].
 * @example
 * F.normalize(x, [0.1307], [0.3081]);
 */
export function normalize(img: Tensor, mean: readonly number[], std: readonly number[]): Tensor {
  if (!isFloatingPoint(img.dtype)) {
    throw new TorchTypeError(`Input tensor should be a float tensor. Got ${img.dtype}.`);
  }
  if (img.dim() < 3) {
    throw new ValueError(
      `Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [${img.shape.join(', ')}]`,
    );
  }
  const m = tensor([...mean], { dtype: img.dtype });
  const s = tensor([...std], { dtype: img.dtype });
  if (s.eq(0).any().item()) {
    throw new ValueError(
      `std evaluated to zero after conversion to ${img.dtype}, leading to division by zero.`,
    );
  }
  return img.sub(m.view(-1, 1, 1)).div(s.view(-1, 1, 1));
}
