import { getBackend } from '../backend.js';
import { defineOp, dispatch, dispatch1 } from '../dispatcher.js';
import { type DType, isDType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { broadcastShapes, contiguousStrides, formatShape, numel, shapesEqual } from '../shape.js';
import { allocStorage, uploadStorage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { checkInplace, commitInplace } from './inplace.js';

/**
 * `dst.copy_(src)`: the one primitive that writes into a strided destination. It broadcasts `src`
 * to `dst`'s shape and converts dtypes. Kernels: inputs `[dst, src]`, no outputs.
 */
export const copyOp = defineOp<Record<string, never>>({
  name: 'copy_',
  meta([dst, src]) {
    const b = broadcastShapes(dst!.shape, src!.shape);
    if (!shapesEqual(b, dst!.shape)) {
      throw new RuntimeError(
        `output with shape ${formatShape(dst!.shape)} doesn't match the broadcast shape ${formatShape(b)}`,
      );
    }
    return { outputs: [], dtype: dst!.dtype };
  },
});

/** `t.fill_(value)` as a kernel: inputs `[dst]` (strided), attrs `{ value }`. */
export const fillOp = defineOp<{ value: number }>({
  name: 'fill_',
  meta([dst]) {
    return { outputs: [], dtype: dst!.dtype };
  },
});

/** Dtype conversion as an op, so that gradients flow back in the input's dtype. */
export const toDtypeOp = defineOp<{ dtype: DType }>({
  name: 'toDtype',
  meta([x], { dtype }) {
    return { outputs: [{ shape: x!.shape, dtype }], dtype: x!.dtype };
  },
  saves: { inputs: false, outputs: false },
  impl([x], { dtype }) {
    const out = emptyOn(x!.device, x!.shape, dtype);
    rawCopy(out, x!);
    return out;
  },
  backward(_ctx, [g]) {
    return [g];
  },
});

/** `clone()`: a copy that keeps its autograd history. */
export const cloneOp = defineOp<Record<string, never>>({
  name: 'clone',
  meta([x]) {
    return { outputs: [{ shape: x!.shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: false, outputs: false },
  impl([x]) {
    const out = emptyOn(x!.device, x!.shape, x!.dtype);
    rawCopy(out, x!);
    return out;
  },
  backward(_ctx, [g]) {
    return [g];
  },
});

/** Moves a tensor to another device (through host memory). */
export const toDeviceOp = defineOp<{ device: string }>({
  name: 'toDevice',
  meta([x]) {
    return { outputs: [{ shape: x!.shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: true, outputs: false },
  impl([x], { device }) {
    const src = x!.contiguous();
    const b = src.storage.backend;
    if (!b.readSync) {
      throw new RuntimeError(
        `cannot move a tensor off '${b.name}' synchronously: use \`await t.toAsync('${device}')\``,
      );
    }
    const data = b.readSync(src.storage, src.offset, src.numel());
    return new Tensor(
      uploadStorage(getBackend(device), x!.dtype, data),
      x!.shape,
      contiguousStrides(x!.shape),
      0,
    );
  },
  backward(ctx, [g]) {
    return [g!.to(ctx.inputs[0]!.device)];
  },
});

/** An uninitialised contiguous tensor on a device. */
export function emptyOn(device: string, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(
    allocStorage(getBackend(device), dtype, numel(shape)),
    shape,
    contiguousStrides(shape),
    0,
  );
}

/** Kernel-level copy without autograd or checks beyond the op's meta. */
export function rawCopy(dst: Tensor, src: Tensor): void {
  dispatch(copyOp, [dst, src], {});
}

/** Kernel-level fill without autograd. */
export function rawFill(dst: Tensor, value: number): Tensor {
  dispatch(fillOp, [dst], { value });
  return dst;
}

declare module '../tensor.js' {
  interface Tensor {
    /** Converts to a dtype and/or moves to a device (`x.to('float64')`, `x.to('gpu')`, `x.to({ dtype, device })`). */
    to(target: DType | string | { dtype?: DType; device?: string; copy?: boolean }): Tensor;
    /** Moves to a device, waiting for an asynchronous device read where needed. */
    toAsync(device: string): Promise<Tensor>;
    /** A contiguous tensor with the same values (this tensor itself when already contiguous). */
    contiguous(): Tensor;
    /** A copy with its own memory that stays in the autograd graph. */
    clone(): Tensor;
    /** Copies `src` (broadcast, converted) into this tensor in place. */
    copy_(src: Tensor): this;
    /** Fills with one value in place. */
    fill_(value: number | boolean): this;
    /** Fills with zeros in place. */
    zero_(): this;
    float(): Tensor;
    double(): Tensor;
    int(): Tensor;
    long(): Tensor;
    bool(): Tensor;
    byte(): Tensor;
    cpu(): Tensor;
    /** A new tensor of the same dtype and device holding `data` (PyTorch's `new_tensor`). */
    type(dtype: DType): Tensor;
  }
}

const proto = Tensor.prototype;

proto.to = function (this: Tensor, target) {
  const spec =
    typeof target === 'string' ? (isDType(target) ? { dtype: target } : { device: target }) : target;
  let out: Tensor = this;
  if (spec.device && spec.device !== out.device) out = dispatch1(toDeviceOp, [out], { device: spec.device });
  if (spec.dtype && spec.dtype !== out.dtype) out = dispatch1(toDtypeOp, [out], { dtype: spec.dtype });
  if (spec.copy && out === this) out = out.clone();
  return out;
};

proto.toAsync = async function (this: Tensor, device: string) {
  if (device === this.device) return this;
  const data = await this.data();
  return new Tensor(
    uploadStorage(getBackend(device), this.dtype, data),
    this.shape,
    contiguousStrides(this.shape),
    0,
  );
};

proto.contiguous = function (this: Tensor) {
  return this.isContiguous() ? this : dispatch1(cloneOp, [this], {});
};

proto.clone = function (this: Tensor) {
  return dispatch1(cloneOp, [this], {});
};

proto.copy_ = function (this: Tensor, src: Tensor) {
  // copy_ converts freely (float → int truncates), as in PyTorch.
  if (checkInplace(this, [src])) {
    // The old value is overwritten: history continues from src alone.
    return commitInplace(
      this,
      src
        .to(this.dtype)
        .expand(this.shape as number[])
        .clone(),
    );
  }
  rawCopy(this, src);
  this.storage.version++;
  return this;
};

proto.fill_ = function (this: Tensor, value: number | boolean) {
  if (checkInplace(this, [])) {
    // The new value is a constant: its gradient to the old value is zero (PyTorch's FillBackward).
    const filled = rawFill(emptyOn(this.device, this.shape, 'bool'), 1);
    return commitInplace(this, this.clone().where(filled.logicalNot(), Number(value)));
  }
  rawFill(this, Number(value));
  this.storage.version++;
  return this;
};

proto.zero_ = function (this: Tensor) {
  return this.fill_(0);
};

proto.float = function (this: Tensor) {
  return this.to('float32');
};
proto.double = function (this: Tensor) {
  return this.to('float64');
};
proto.int = function (this: Tensor) {
  return this.to('int32');
};
proto.long = function (this: Tensor) {
  return this.to('int64');
};
proto.bool = function (this: Tensor) {
  return this.to('bool');
};
proto.byte = function (this: Tensor) {
  return this.to('uint8');
};
proto.cpu = function (this: Tensor) {
  return this.to({ device: 'cpu' });
};
proto.type = function (this: Tensor, dtype: DType) {
  return this.to(dtype);
};
