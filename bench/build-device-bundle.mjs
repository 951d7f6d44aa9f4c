// Bundles bench/gpu-device.ts into one Node ESM file for a machine without npm access:
// `node bench/build-device-bundle.mjs OUT_DIR`. Only the `webgpu` package (Dawn, native) and gpu.js's
// optional `gl` stay outside: ship OUT_DIR/node_modules/webgpu (index.js, package.json,
// dist/linux-x64/dawn.node) next to the bundle.
import { cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const out = resolve(process.argv[2] ?? join(here, '.device'));
// esbuild comes with the workspace (tsup's); resolve it from the GPU package, which pins it.
const require = createRequire(join(root, 'packages/backend-gpu/package.json'));
const { build } = require('esbuild');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'gpu-device.ts')],
  outfile: join(out, 'gpu-device.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['kindling-source', 'module', 'node'],
  external: ['webgpu', 'gl'],
  // gpu.js is CommonJS: give the ESM bundle a `require` for the modules it loads at run time.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
const webgpu = dirname(require.resolve('webgpu/package.json'));
const dest = join(out, 'node_modules/webgpu');
mkdirSync(join(dest, 'dist/linux-x64'), { recursive: true });
for (const f of ['index.js', 'package.json']) cpSync(join(webgpu, f), join(dest, f));
cpSync(join(webgpu, 'dist/linux-x64/dawn.node'), join(dest, 'dist/linux-x64/dawn.node'));
console.log(`bundle: ${join(out, 'gpu-device.mjs')}; webgpu: ${dest}`);
