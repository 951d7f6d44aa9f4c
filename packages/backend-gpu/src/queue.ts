/**
 * Device work in `webgpu` mode, where every gpu.js kernel call returns a Promise. Kindling's API stays
 * synchronous: an op returns a tensor whose buffer is a {@link Pending} result, and the kernels run in
 * one ordered queue, each after the calls before it (as on a CUDA stream). Once a kernel is built its
 * call only encodes and submits, so the queue costs microtasks, not GPU round trips; the GPU itself
 * runs submissions in order. Errors surface where values are read.
 */

/** A WebGPU pipeline result: a storage buffer on the device. */
export interface DeviceResult {
  toArray(): Promise<Float32Array> | Float32Array;
  delete(): void;
}

/** A kernel output that exists once the queue reaches it. */
export class Pending {
  constructor(readonly result: Promise<DeviceResult>) {
    // A failed kernel is reported by whoever reads the value; unobserved, it must not crash Node.
    result.catch(() => {});
  }
}

let tail: Promise<unknown> = Promise.resolve();

/** Runs `fn` after every earlier queued call has been submitted; returns its result's promise. */
export function enqueue<T>(fn: () => Promise<T> | T): Promise<T> {
  const p = tail.then(fn);
  tail = p.catch(() => {});
  return p;
}

/** Resolves when everything queued so far has been submitted. */
export function drained(): Promise<unknown> {
  return tail;
}
