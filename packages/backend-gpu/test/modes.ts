import { GPU } from 'gpu.js';
import { configureGpu, type GpuMode, initWebGPU } from '../src/index.js';
import { ensureDisplay } from './xvfb.js';

/**
 * Selects `mode` for this test process, or says why it cannot run here. headlessgl needs an X display
 * (a private Xvfb is started) and the native `gl` build; webgpu needs Dawn (the `webgpu` package) with
 * an adapter — on machines without a GPU, its OpenGL ES backend on Mesa's llvmpipe over surfaceless EGL.
 * CI sets KINDLING_REQUIRE_GL=1 so that a missing GL fails there instead of skipping.
 */
export async function selectMode(mode: GpuMode): Promise<string | null> {
  if (mode === 'headlessgl') {
    const why =
      (await ensureDisplay()) ??
      (GPU.isHeadlessGLSupported ? null : "gpu.js found no headless-gl context (the native 'gl' build)");
    if (why && !process.env.KINDLING_REQUIRE_GL) return why;
  }
  if (mode === 'webgpu') {
    process.env.EGL_PLATFORM ??= 'surfaceless';
    const why = await initWebGPU({ dawn: ['backend=opengles'], allowSoftware: true }).then(
      () => null,
      (e: Error) => e.message,
    );
    if (why && !process.env.KINDLING_REQUIRE_WEBGPU) return why;
  }
  configureGpu({ mode });
  return null;
}
