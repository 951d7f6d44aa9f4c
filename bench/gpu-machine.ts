/**
 * What the GPU benchmark needs from the machine and says about it: an X display for headless-gl
 * (DISPLAY, or a private Xvfb as packages/backend-gpu/test/xvfb.ts starts one), the GPU's name from
 * nvidia-smi, and the GL driver libraries a process really mapped.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

let xvfb: ChildProcess | null = null;

/** An X display for headless-gl: DISPLAY as given, else a private Xvfb. Returns why not, or null. */
export function ensureDisplay(): string | null {
  if (process.env.DISPLAY) return null;
  if (spawnSync('sh', ['-c', 'command -v Xvfb']).status !== 0) return 'no X display and no Xvfb on PATH';
  const display = 90 + (process.pid % 400);
  xvfb = spawn('Xvfb', [`:${display}`, '-screen', '0', '64x64x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const socket = `/tmp/.X11-unix/X${display}`;
  const until = Date.now() + 10_000;
  while (!existsSync(socket) && Date.now() < until) spawnSync('sleep', ['0.05']);
  if (!existsSync(socket)) return `Xvfb :${display} did not start`;
  process.env.DISPLAY = `:${display}`;
  return null;
}

/** Stops the Xvfb that ensureDisplay started, if any. */
export function stopDisplay(): void {
  xvfb?.kill();
  xvfb = null;
}

/** The NVIDIA GPU(s) as nvidia-smi names them (name, driver, memory), or null without one. */
export function gpuName(): string | null {
  const q = spawnSync(
    'nvidia-smi',
    ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'],
    {
      encoding: 'utf8',
    },
  );
  return q.status === 0 && q.stdout.trim() ? q.stdout.trim().split('\n').join('; ') : null;
}

/**
 * The GL/driver libraries this process mapped (Linux): which driver really rendered, independent of
 * what the renderer string or gpuInfo() claims (headless-gl reports only 'ANGLE').
 */
export function glDriverLibs(): string | null {
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return null;
  }
  const pattern =
    /_dri\.so|libnvidia-(glcore|eglcore|glsi|tls)|libGLX_|libEGL_|libgallium|libvulkan_|libcuda\.so/;
  const names = new Set<string>();
  for (const line of maps.split('\n')) {
    const path = line.split(/\s+/)[5] ?? '';
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (pattern.test(name)) names.add(name);
  }
  return names.size ? [...names].sort().join(', ') : null;
}
