import gpujs, { GPU, type IGPUSettings } from 'gpu.js';

// Not in gpu.js's typings: the shared WebGPU device its kernels run on.
const { WebGPUContext } = gpujs as unknown as {
  WebGPUContext: { acquire(): Promise<{ device: { queue: { onSubmittedWorkDone(): Promise<void> } } }> };
};

import { installDawn, probeWebGPU } from './node-webgpu.js';
import { drained } from './queue.js';

/**
 * The gpu.js modes Kindling runs on. GL modes keep tensors in textures; `webasm` and `cpu` keep them in
 * typed arrays (no device memory) and exist so the same kernels run, and are tested, everywhere.
 */
export type GpuMode = 'webgpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';

const MODES: readonly GpuMode[] = ['webgpu', 'headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'];

/** What `torch.config()` and {@link gpuInfo} report about the device. */
export interface GpuInfo {
  mode: GpuMode;
  /** How the mode was chosen: by `configureGpu`, `initWebGPU`, `KINDLING_GPU_MODE`, or automatically. */
  chosenBy: 'configureGpu' | 'initWebGPU' | 'KINDLING_GPU_MODE' | 'auto';
  /** The GL renderer (e.g. `llvmpipe`, `SwiftShader`, a GPU's name), where the mode has one. */
  renderer: string | null;
  /** True when the "GPU" is a software renderer or the CPU (webasm, cpu, llvmpipe, SwiftShader). */
  software: boolean;
  /** Whether values can be read synchronously (`dataSync`, `item`, `tolist`). */
  syncReads: boolean;
}

interface State {
  gpu: GPU;
  info: GpuInfo;
}

let state: State | null = null;
let requested: { mode: GpuMode; by: GpuInfo['chosenBy'] } | null = null;

/**
 * Picks the gpu.js mode before the first GPU tensor exists (afterwards it throws: tensors already on
 * the device could not follow). Without a call, `KINDLING_GPU_MODE` decides, else the best mode that
 * works here: headlessgl/webgl2/webgl, then webasm.
 */
export function configureGpu(options: { mode: GpuMode }): void {
  if (!MODES.includes(options.mode)) {
    throw new TypeError(`configureGpu: unknown mode '${options.mode}' (expected one of ${MODES.join(', ')})`);
  }
  if (state && state.info.mode !== options.mode) {
    throw new Error(
      `configureGpu: device 'gpu' already runs in mode '${state.info.mode}'; choose the mode before the first GPU tensor`,
    );
  }
  requested = { mode: options.mode, by: 'configureGpu' };
}

function envMode(): GpuMode | null {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } };
  const v = g.process?.env?.KINDLING_GPU_MODE;
  if (!v) return null;
  if (!MODES.includes(v as GpuMode)) {
    throw new TypeError(`KINDLING_GPU_MODE='${v}' is not a mode (expected one of ${MODES.join(', ')})`);
  }
  return v as GpuMode;
}

// Set by initWebGPU once an adapter answered: the adapter's description.
let webgpuAdapter: { renderer: string; software: boolean } | null = null;

function autoMode(): GpuMode {
  if (webgpuAdapter && !webgpuAdapter.software) return 'webgpu';
  if (typeof document !== 'undefined') {
    if (GPU.isWebGL2Supported) return 'webgl2';
    if (GPU.isWebGLSupported) return 'webgl';
    return 'webasm';
  }
  // Node: a real GPU first. Dawn (the optional `webgpu` package) reaches it without a display, through
  // the vendor's Vulkan driver; asked in a child process, so a machine without one pays ~0.3 s once.
  const probed = probeWebGPU();
  if (probed && !probed.software && installDawn([])) {
    webgpuAdapter = probed;
    return 'webgpu';
  }
  if (GPU.isHeadlessGLSupported) return 'headlessgl';
  return 'webasm';
}

// The renderer behind a GL context, unmasked where the driver allows (headless-gl says 'ANGLE').
function rendererOf(gpu: GPU): string | null {
  const gl = (gpu as unknown as { context?: WebGLRenderingContext | null }).context;
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const r = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof r === 'string' ? r : null;
}

const SOFTWARE = /llvmpipe|softpipe|swiftshader|software|lavapipe|swrast/i;

/**
 * headless-gl hides the renderer behind 'ANGLE'. On Linux the driver shows in the libraries the process
 * mapped once the context exists: Mesa's swrast/llvmpipe, or a vendor's GL (libnvidia-glcore, radeonsi…).
 */
function driverFromMaps(): string | null {
  const g = globalThis as {
    process?: { platform?: string; getBuiltinModule?: (id: string) => unknown };
  };
  if (g.process?.platform !== 'linux' || !g.process.getBuiltinModule) return null;
  const fs = g.process.getBuiltinModule('node:fs') as { readFileSync(p: string, e: string): string };
  let maps: string;
  try {
    maps = fs.readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return null;
  }
  const libs = new Set(maps.split('\n').map((l) => l.split(/\s+/)[5] ?? ''));
  const names = [...libs].map((p) => p.slice(p.lastIndexOf('/') + 1));
  // The GL driver itself, not helper libraries every Mesa build loads (libdrm_amdgpu comes with llvmpipe too).
  const vendor = names.find((n) =>
    /^libnvidia-glcore|^libGLX_nvidia|^(radeonsi|iris|i965|nouveau|zink|crocus)_dri/.test(n),
  );
  if (vendor) return vendor;
  const soft = names.find((n) => /^(swrast|kms_swrast)_dri|llvmpipe|softpipe/.test(n));
  return soft ? `Mesa llvmpipe (${soft})` : null;
}

/** The gpu.js instance, created on first use in the chosen mode. */
export function gpuState(): State {
  if (state) return state;
  const env = envMode();
  const pick = requested ?? (env ? { mode: env, by: 'KINDLING_GPU_MODE' as const } : null);
  const mode = pick?.mode ?? autoMode();
  const settings: IGPUSettings = { mode };
  const gpu = new GPU(settings);
  const gl = mode === 'headlessgl' || mode === 'webgl' || mode === 'webgl2';
  let renderer: string | null = null;
  if (gl) {
    // gpu.js creates its context lazily; a first tiny kernel makes it exist (and proves it works).
    gpu.createKernel('function() { return 1; }', { output: [1] })();
    renderer = rendererOf(gpu);
    if (mode === 'headlessgl' && (renderer === null || renderer === 'ANGLE')) {
      renderer = driverFromMaps() ?? renderer;
    }
  }
  // A renderer we could not identify counts as software: better a false warning than a silent one.
  if (mode === 'webgpu') {
    if (!webgpuAdapter) {
      throw new Error("mode 'webgpu' needs `await initWebGPU()` first (it finds the adapter)");
    }
    renderer = webgpuAdapter.renderer;
  }
  const software =
    mode === 'webgpu'
      ? webgpuAdapter!.software
      : !gl || renderer === null || renderer === 'ANGLE' || SOFTWARE.test(renderer);
  const info: GpuInfo = {
    mode,
    chosenBy: pick?.by ?? 'auto',
    renderer,
    software,
    syncReads: mode !== 'webgpu',
  };
  if (!pick && software && typeof console !== 'undefined') {
    // Never fall back to the CPU or a software rasteriser without saying so.
    console.warn(
      `@kindling/backend-gpu: no hardware GPU found; device 'gpu' runs in mode '${mode}'` +
        (renderer ? ` on ${renderer}` : '') +
        ' (software). Set KINDLING_GPU_MODE or call configureGpu() to choose a mode explicitly.',
    );
  }
  state = { gpu, info };
  return state;
}

/** Which mode and renderer device `'gpu'` uses (creates the gpu.js instance if needed). */
export function gpuInfo(): GpuInfo {
  return { ...gpuState().info };
}

/** True in modes whose buffers are GL textures (as opposed to typed arrays). */
export function usesTextures(): boolean {
  const m = gpuState().info.mode;
  return m === 'headlessgl' || m === 'webgl' || m === 'webgl2';
}

/**
 * Waits until the device has finished all queued work, as `torch.cuda.synchronize()`: GL calls return
 * before the GPU is done, so timings must end with this (reading a value also waits).
 */
export async function synchronize(): Promise<void> {
  const st = gpuState();
  if (st.info.mode === 'webgpu') {
    await drained();
    const ctx = await WebGPUContext.acquire();
    await ctx.device.queue.onSubmittedWorkDone();
    return;
  }
  (st.gpu as unknown as { context?: WebGLRenderingContext | null }).context?.finish();
}

interface WebGPUOptions {
  /** Dawn toggles for Node's `webgpu` package, e.g. `['backend=vulkan']` (default: Dawn's choice). */
  dawn?: readonly string[];
  /** Accept an adapter that is a software renderer (lavapipe, SwiftShader, Dawn on llvmpipe). */
  allowSoftware?: boolean;
}

/**
 * Selects mode `'webgpu'` after finding an adapter: in browsers `navigator.gpu`, in Node the optional
 * `webgpu` package (Dawn), installed by you (`npm i webgpu@0.6.2`). Reads are asynchronous only in this
 * mode (`await t.data()`; `item()`/`dataSync()` throw). Resolves to what `gpuInfo()` will report.
 * @example
 * await initWebGPU(); // on a machine with a GPU and a Vulkan driver
 * const x = torch.randn(1024, 1024, { device: 'gpu' });
 */
export async function initWebGPU(options: WebGPUOptions = {}): Promise<GpuInfo> {
  const nav = (globalThis as { navigator?: { gpu?: GPU_ } }).navigator;
  if (!nav?.gpu && !installDawn(options.dawn ?? [])) {
    throw new Error(
      "initWebGPU: no navigator.gpu here; in Node install the optional 'webgpu' package (npm i webgpu@0.6.2)",
    );
  }
  const gpuApi = (globalThis as unknown as { navigator: { gpu: GPU_ } }).navigator.gpu;
  if ((options.dawn ?? []).some((f) => f.includes('opengles'))) {
    // Dawn's OpenGL ES backend only offers the 'compatibility' feature level.
    const request = gpuApi.requestAdapter.bind(gpuApi);
    gpuApi.requestAdapter = (o) => request({ featureLevel: 'compatibility', ...o });
  }
  const adapter = await gpuApi.requestAdapter();
  if (!adapter) throw new Error('initWebGPU: navigator.gpu.requestAdapter() found no adapter');
  const ai = adapter.info;
  const renderer =
    [ai.vendor, ai.architecture, ai.device, ai.description].filter(Boolean).join(' ') || 'unknown';
  const software =
    adapter.isFallbackAdapter === true || SOFTWARE.test(renderer) || /llvm|mesa/i.test(renderer);
  if (software && !options.allowSoftware) {
    throw new Error(
      `initWebGPU: the only adapter is a software renderer (${renderer}); pass { allowSoftware: true } to use it`,
    );
  }
  webgpuAdapter = { renderer, software };
  if (state && state.info.mode !== 'webgpu') {
    throw new Error(`initWebGPU: device 'gpu' already runs in mode '${state.info.mode}'`);
  }
  requested = { mode: 'webgpu', by: 'initWebGPU' };
  return gpuInfo();
}

type GPU_ = {
  requestAdapter(o?: Record<string, unknown>): Promise<GPUAdapter_ | null>;
};
type GPUAdapter_ = {
  info: { vendor?: string; architecture?: string; device?: string; description?: string };
  isFallbackAdapter?: boolean;
};
