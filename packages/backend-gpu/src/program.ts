import type { IKernelRunShortcut, Texture } from 'gpu.js';
import { gpuState, usesTextures } from './device.js';
import { HELPER_SOURCES } from './helpers.js';
import { type DeviceResult, enqueue, Pending } from './queue.js';

/** Device memory: a GL texture, a typed array (webasm/cpu modes), or a queued WebGPU result. */
export type GpuBuffer = Texture | Float32Array | Pending;

/** float32's largest finite value. GL modes have no infinite literals or uniforms: ±Infinity travel as ±FLOAT_MAX. */
export const FLOAT_MAX = 3.4028234e38;

/** A scalar as a kernel argument can carry it (±Infinity → ±FLOAT_MAX; NaN and finite values as they are). */
export function scalarArg(v: number): number {
  return Number.isFinite(v) || Number.isNaN(v) ? v : Math.sign(v) * FLOAT_MAX;
}

/** A kernel argument: a buffer read by flat index, or a scalar. */
export type Arg = GpuBuffer | number;

// Loops in kernels are bounded by this (gpu.js stops a loop silently at its loopMaxIterations).
// Long loops are split by the kernels themselves: llvmpipe caps any single loop at 65,535 trips.
export const LOOP_MAX = 1 << 24;
/** The longest single loop a kernel may run (llvmpipe's cap, with margin). */
export const CHUNK = 4096;
/** Above this many elements float32 index math stops being exact (GLSL, WGSL and wasm f32 alike). */
export const MAX_ELEMENTS = 1 << 24;

/** Refuses a buffer whose elements float32 index math could not address exactly. */
export function checkSize(n: number): void {
  if (n > MAX_ELEMENTS && gpuState().info.mode !== 'cpu') {
    throw new RangeError(
      `device 'gpu' holds at most ${MAX_ELEMENTS} (2^24) elements per tensor: kernels index in float32 (got ${n})`,
    );
  }
}

const cache = new Map<string, IKernelRunShortcut>();
// Buffers handed out by launch and not yet freed: a leak in any kernel shows up here.
let live = 0;

/** Device buffers alive now (kernel outputs not yet freed), for memory tests and `torch.config()`. */
export function liveBuffers(): number {
  return live;
}
let helpersAdded = false;
const EMPTY = new Float32Array(1);

/** Number of distinct kernels compiled so far (for docs and tests of the cache). */
export function compiledKernels(): number {
  return cache.size;
}

function kernelFor(source: string, args: readonly Arg[], n: number): IKernelRunShortcut {
  const types = args.map((a) => (typeof a === 'number' ? 'F' : 'A')).join('');
  const key = `${types}|${source}`;
  let k = cache.get(key);
  if (!k) {
    const { gpu } = gpuState();
    if (!helpersAdded) {
      for (const h of HELPER_SOURCES) gpu.addFunction(h as unknown as () => number);
      helpersAdded = true;
    }
    const argumentTypes: Record<string, string> = {};
    args.forEach((a, i) => {
      argumentTypes[`p${i}`] = typeof a === 'number' ? 'Float' : 'Array';
    });
    k = gpu.createKernel(
      source as unknown as () => number,
      {
        output: [n],
        pipeline: true,
        immutable: true,
        dynamicOutput: true,
        dynamicArguments: true,
        tactic: 'precision',
        precision: 'single',
        fixIntegerDivisionAccuracy: false,
        loopMaxIterations: LOOP_MAX,
        argumentTypes,
      } as never,
    );
    cache.set(key, k);
  }
  return k;
}

/**
 * Runs a kernel over `n` output cells and returns its fresh output buffer. `source` is a gpu.js kernel
 * function whose parameters are named `p0, p1, …` in the order of `args`; it is compiled once per
 * source and argument kinds, then reused for every shape (sizes and strides travel as scalars).
 */
export function launch(source: string, args: readonly Arg[], n: number): GpuBuffer {
  const fixed = args.map((a) => (typeof a !== 'number' && 'length' in a && a.length === 0 ? EMPTY : a));
  const k = kernelFor(source, fixed, n);
  live++;
  if (gpuState().info.mode === 'webgpu') {
    const run = k as unknown as (...a: unknown[]) => Promise<DeviceResult>;
    return new Pending(
      enqueue(async () => {
        const values = await Promise.all(fixed.map((a) => (a instanceof Pending ? a.result : a)));
        k.setOutput([n]);
        return run(...values);
      }),
    );
  }
  k.setOutput([n]);
  return (k as unknown as (...a: Arg[]) => GpuBuffer)(...fixed);
}

/** Reads a buffer back to the host synchronously (every mode but webgpu). */
export function readBuffer(b: GpuBuffer): Float32Array {
  if (b instanceof Float32Array) return b;
  if (b instanceof Pending) {
    throw new Error(
      "device 'gpu' cannot be read synchronously in mode 'webgpu': use `await t.data()` or `await t.tolistAsync()`",
    );
  }
  return (b as Texture).toArray() as Float32Array;
}

/** Reads a buffer back to the host, waiting for the queue where there is one. */
export async function readBufferAsync(b: GpuBuffer): Promise<Float32Array> {
  if (!(b instanceof Pending)) return readBuffer(b);
  const r = await enqueue(() => b.result);
  return Float32Array.from(await r.toArray());
}

/** Gives a buffer's memory back (textures only; typed arrays are garbage collected). */
export function freeBuffer(b: GpuBuffer): void {
  live--;
  if (b instanceof Float32Array) return;
  // Queued after every kernel that reads it (they were enqueued before this call).
  if (b instanceof Pending) void enqueue(() => b.result.then((r) => r.delete())).catch(() => {});
  else (b as Texture).delete();
}

const IDENTITY = 'function(p0) { return p0[this.thread.x]; }';

/** Host data to device memory: GL modes copy it into a texture once, so kernels never re-upload it. */
export function uploadBuffer(data: Float32Array): GpuBuffer {
  if (!usesTextures() && gpuState().info.mode !== 'webgpu') {
    live++;
    return data;
  }
  return launch(IDENTITY, [data], data.length);
}
