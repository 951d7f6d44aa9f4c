import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let server: ChildProcess | null = null;

/**
 * Makes an X display available to headless-gl: the current DISPLAY, or a private Xvfb started for this
 * test process (Mesa's llvmpipe renders there). Returns why GL cannot run, or null when it can.
 */
export function ensureDisplay(): string | null {
  if (process.env.DISPLAY) return null;
  if (spawnSync('sh', ['-c', 'command -v Xvfb']).status !== 0) {
    return 'no X server: install xvfb (apt-get install xvfb) or run under xvfb-run';
  }
  const display = 90 + (process.pid % 400);
  // -terminate: the server exits once its last client (this process's GL context) disconnects, so a
  // test worker that is killed does not leave it running.
  server = spawn('Xvfb', [`:${display}`, '-screen', '0', '64x64x24', '-nolisten', 'tcp', '-terminate'], {
    stdio: 'ignore',
  });
  const socket = `/tmp/.X11-unix/X${display}`;
  const until = Date.now() + 10_000;
  while (!existsSync(socket) && Date.now() < until) spawnSync('sleep', ['0.05']);
  if (!existsSync(socket)) return `Xvfb :${display} did not start`;
  process.env.DISPLAY = `:${display}`;
  process.on('exit', () => server?.kill());
  return null;
}
