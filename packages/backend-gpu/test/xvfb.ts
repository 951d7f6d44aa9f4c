import { spawn, spawnSync } from 'node:child_process';

/**
 * Makes an X display available to headless-gl: the current DISPLAY, or a private Xvfb for this test
 * process (Mesa's llvmpipe renders there). Xvfb picks a free display itself (`-displayfd`), so parallel
 * test workers never share one, and a shell watchdog stops it once this process is gone, however it
 * ended. Returns why GL cannot run, or null when it can.
 */
export async function ensureDisplay(): Promise<string | null> {
  if (process.env.DISPLAY) return null;
  if (spawnSync('sh', ['-c', 'command -v Xvfb']).status !== 0) {
    return 'no X server: install xvfb (apt-get install xvfb) or run under xvfb-run';
  }
  const script =
    'Xvfb -displayfd 1 -screen 0 64x64x24 -nolisten tcp 2>/dev/null & x=$!; ' +
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill $x`;
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const display = await new Promise<string | null>((resolve) => {
    let out = '';
    const timer = setTimeout(() => resolve(null), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => resolve(null));
  });
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  if (display === null) return 'Xvfb did not start';
  process.env.DISPLAY = `:${display}`;
  return null;
}
