import { accessSync, constants } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { registerCpuBackend } from '@kindling/backend-cpu';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageResult } from './browser/page.js';
import { train } from './browser/train.js';

/**
 * Device 'gpu' in a real browser: a page bundled from the workspace sources trains a tiny model in
 * headless Chromium (gpu.js mode 'webgl2', on Chromium's SwiftShader since the flags disable the GPU),
 * and its losses must match the same training run on device 'cpu' here in Node.
 */

const CHROMIUM = '/usr/bin/chromium';
// --disable-gpu keeps hardware drivers out of it, so WebGL runs on SwiftShader through ANGLE's Vulkan
// backend. Headless Chromium 156 does that with the first four flags alone; --enable-unsafe-swiftshader
// keeps it so where Chromium has dropped its automatic software-WebGL fallback ("unsafe": not hardened
// against hostile pages, fine for our own).
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--enable-unsafe-swiftshader',
];

function missingChromium(): string | null {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return null;
  } catch {
    return `${CHROMIUM} is not an executable (install Debian's chromium)`;
  }
}

/** Bundles the page entry: workspace packages from their TypeScript sources, gpu.js as its browser build. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser/page.ts', import.meta.url))],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    conditions: ['kindling-source', 'browser', 'module'],
    logLevel: 'warning',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output');
  return out.text;
}

/** Serves the page and its script on 127.0.0.1 at a free port. */
async function serve(script: string): Promise<{ server: Server; url: string }> {
  const html =
    '<!doctype html><meta charset="utf-8"><title>kindling gpu</title><script type="module" src="/page.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else {
      // favicon.ico and the like: an empty answer rather than a 404 error in the page's console.
      res.writeHead(204).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Loads the page in headless Chromium and waits for the result it leaves in `window.__result`. */
async function runInBrowser(url: string): Promise<{ result: PageResult; log: string[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const log: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      // ANGLE notes every readPixels (each `item()`) as a stall; nothing to learn from it here.
      if (!m.text().includes('GPU stall due to ReadPixels')) log.push(`[console.${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, undefined, { timeout: 150_000 });
    const result = await page.evaluate(() => window.__result as PageResult);
    return { result, log };
  } finally {
    await browser.close();
  }
}

const missing = missingChromium();

// CI sets KINDLING_REQUIRE_BROWSER=1, so a missing Chromium fails there instead of skipping.
if (missing && !process.env.KINDLING_REQUIRE_BROWSER) {
  describe('device gpu in headless Chromium (webgl2)', () => it.skip(`skipped: ${missing}`, () => {}));
} else if (missing) {
  describe('device gpu in headless Chromium (webgl2)', () =>
    it('finds Chromium', () => {
      throw new Error(`${missing}, and KINDLING_REQUIRE_BROWSER is set`);
    }));
} else {
  describe('device gpu in headless Chromium (webgl2)', () => {
    let server: Server | null = null;
    let url = '';

    beforeAll(async () => {
      ({ server, url } = await serve(await bundlePage()));
    });
    afterAll(() => {
      server?.close();
    });

    it('trains a tiny MLP on SwiftShader and matches the CPU run', { timeout: 180_000 }, async () => {
      const { result, log } = await runInBrowser(url);
      if (!result.ok) {
        throw new Error(
          `the page failed (${JSON.stringify(result.info)}):\n${result.error}\n${log.join('\n')}`,
        );
      }
      console.info(
        `browser: mode=${result.info.mode} renderer=${JSON.stringify(result.info.renderer)} ` +
          `software=${result.info.software}; ${result.losses.length} steps in ${result.ms.toFixed(0)} ms, ` +
          `${result.kernels} kernels compiled, ${result.gpuStorages} gpu storages alive after; ` +
          `loss ${result.first} -> ${result.last}`,
      );
      expect(result.info.mode).toBe('webgl2');
      expect(result.info.chosenBy).toBe('configureGpu');
      expect(result.info.renderer).toMatch(/swiftshader/i);
      expect(result.info.software).toBe(true);
      expect(result.kernels).toBeGreaterThan(0);
      expect(result.last).toBeLessThan(result.first / 10);

      registerCpuBackend();
      const cpu = train('cpu');
      console.info(`node cpu: loss ${cpu.first} -> ${cpu.last}`);
      expect(result.losses).toHaveLength(cpu.losses.length);
      // Same code, same seed, same initial numbers: only float32 rounding (GPU vs CPU order of
      // operations, transcendental approximations) may separate the two runs.
      const rel = result.losses.map((l, i) => Math.abs(l - cpu.losses[i]!) / Math.abs(cpu.losses[i]!));
      const worst = Math.max(...rel);
      console.info(`largest relative difference gpu vs cpu over ${rel.length} steps: ${worst}`);
      expect(worst).toBeLessThanOrEqual(1e-3);
    });
  });
}
