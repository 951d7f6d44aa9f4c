/**
 * tfjs-backend-webgl 4.22.0 in Node, on a headless-gl (WebGL 1) context: the same GL stack Kindling's
 * `headlessgl` mode runs on. tfjs registers its WebGL backend only in browsers, so it is registered
 * here by hand on a context made with `require('gl')`, after `setWebGLContext(1, gl)`. The workloads
 * are bench/peer-tfjs.ts's (its `prepare` does not depend on the backend in use).
 *
 * Loaded with a dynamic import by gpu.ts, so a bundle built with `--no-tfjs` leaves tfjs out.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Peer } from './harness.js';
import { tfjsPeer } from './peer-tfjs.js';

/** The slice of a headless-gl context this file uses. */
interface HeadlessGl {
  finish(): void;
  getParameter(p: number): unknown;
  VERSION: number;
  SHADING_LANGUAGE_VERSION: number;
}

type CreateGl = (w: number, h: number, attrs?: Record<string, unknown>) => HeadlessGl | null;

/**
 * headless-gl's factory: `gl` next to the bundle (node_modules/gl), else the copy gpu.js installed
 * for @kindling/backend-gpu in this repo (bench itself does not depend on the native module).
 */
function loadGl(): CreateGl {
  const self = process.argv[1]!;
  try {
    return createRequire(self)('gl') as CreateGl;
  } catch {
    const gpuPkg = join(dirname(self), '..', 'packages', 'backend-gpu', 'package.json');
    const gpujs = createRequire(gpuPkg).resolve('gpu.js');
    return createRequire(gpujs)('gl') as CreateGl;
  }
}

let gl: HeadlessGl | null = null;

/** tfjs-webgl on a fresh headless-gl context; `sync` waits for the GL queue (gl.finish). */
export async function tfjsWebglPeer(libs: () => string | null): Promise<{
  peer: Peer;
  sync: () => void;
  info: () => Record<string, string>;
}> {
  gl = loadGl()(1, 1, { preserveDrawingBuffer: false, antialias: false, depth: false, stencil: false });
  if (!gl) throw new Error('headless-gl returned no context (no X display, or no GLX)');
  tf.env().set('WEBGL_VERSION', 1);
  tf.setWebGLContext(1, gl as unknown as WebGLRenderingContext);
  tf.registerBackend('webgl', () => new tf.MathBackendWebGL(), 3);
  if (!(await tf.setBackend('webgl')))
    throw new Error('tfjs-backend-webgl failed to initialise on headless-gl');
  await tf.ready();
  const base = tfjsPeer('cpu');
  const peer: Peer = { name: 'tfjs-webgl', prepare: (id) => base.prepare(id) };
  const ctx = gl;
  return {
    peer,
    sync: () => ctx.finish(),
    info: () => ({
      ...(libs() ? { 'GL driver libraries mapped in tfjs-webgl': libs()! } : {}),
      tfjs: tf.version.tfjs,
      'tfjs-webgl context': `headless-gl ${String(ctx.getParameter(ctx.VERSION))}`,
      'tfjs-webgl flags': [
        'WEBGL_VERSION',
        'WEBGL_PACK',
        'WEBGL_RENDER_FLOAT32_CAPABLE',
        'WEBGL_FORCE_F16_TEXTURES',
      ]
        .map((f) => `${f}=${String(tf.env().get(f))}`)
        .join(', '),
    }),
  };
}
