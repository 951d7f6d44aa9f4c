/**
 * Bundles the GPU benchmark (bench/gpu.ts) into ONE self-contained CommonJS file for a machine with a
 * real GPU and no npm access. Only headless-gl stays outside (a native addon): `--with-gl` copies
 * its runtime (JS, the built webgl.node and its three small JS dependencies) into
 * `<dir of OUT>/node_modules/gl`, which is all the bundle needs beside it. The native addon is built
 * for this Node's ABI (process.versions.modules): run the bundle with the same Node major.
 *
 *   node bench/build-gpu-bundle.mjs OUT.cjs [--with-gl] [--no-tfjs] [--minify]
 *
 * `--no-tfjs` leaves TensorFlow.js out (the tfjs-webgl peer then reports itself missing; run with
 * `--skip-tfjs`). Run it as: `xvfb-run -a node OUT.cjs --quick --out GPU.md` (or with DISPLAY set).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--'));
if (!out) {
  console.error('usage: node bench/build-gpu-bundle.mjs OUT.cjs [--with-gl] [--no-tfjs] [--minify]');
  process.exit(2);
}
const noTfjs = args.includes('--no-tfjs');

/** Replaces the tfjs peer by a stub that says why it is missing. */
const dropTfjs = {
  name: 'drop-tfjs',
  setup(b) {
    b.onResolve({ filter: /gpu-tfjs\.js$/ }, () => ({ path: 'gpu-tfjs-stub', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        "export async function tfjsWebglPeer() { throw new Error('this bundle was built with --no-tfjs'); }",
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: [join(here, 'gpu.ts')],
  outfile: resolve(out),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The workspace packages resolve to their TypeScript sources, as under `--conditions=kindling-source`.
  conditions: ['kindling-source', 'module', 'node'],
  mainFields: ['module', 'main'],
  // gl is native; gpu.js requires it in a try/catch, so a missing gl only disables headlessgl.
  // tfjs-node is never imported, but tfjs probes for it.
  external: ['gl', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  plugins: noTfjs ? [dropTfjs] : [],
  // @kindling/data's worker pool reads import.meta.url (unused here); give CommonJS a real value.
  banner: { js: "const __bundleMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__bundleMetaUrl' },
  minify: args.includes('--minify'),
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
const bytes = statSync(resolve(out)).size;
console.log(`wrote ${resolve(out)} (${(bytes / 2 ** 20).toFixed(1)} MiB${noTfjs ? ', without tfjs' : ''})`);
if (result.warnings.length) console.log(`${result.warnings.length} esbuild warning(s), see above`);

if (args.includes('--with-gl')) {
  // Resolve gl the way gpu.js does (it is gpu.js's optional dependency, not bench's).
  const backendGpu = join(here, '..', 'packages', 'backend-gpu', 'package.json');
  const gpujs = createRequire(backendGpu).resolve('gpu.js');
  const glPkg = realpathSync(dirname(createRequire(gpujs).resolve('gl/package.json')));
  const target = join(dirname(resolve(out)), 'node_modules');
  copyPackage(glPkg, join(target, 'gl'), (rel) => keepGl(rel));
  // gl's runtime requires (its other dependencies — nan, node-gyp, prebuild-install — are build tools).
  const glRequire = createRequire(join(glPkg, 'package.json'));
  for (const dep of ['bindings', 'bit-twiddle', 'glsl-tokenizer']) {
    const dir = realpathSync(dirname(glRequire.resolve(`${dep}/package.json`)));
    copyPackage(dir, join(target, dep), () => true);
    // bindings needs file-uri-to-path.
    if (dep === 'bindings') {
      const f = realpathSync(
        dirname(createRequire(join(dir, 'package.json')).resolve('file-uri-to-path/package.json')),
      );
      copyPackage(f, join(target, 'file-uri-to-path'), () => true);
    }
  }
  console.log(
    `copied gl ${glRequire('./package.json').version} (Node ABI ${process.versions.modules}) to ${target}`,
  );
}

/** The files of gl that run: package.json, index.js, src/javascript and the built addon. */
function keepGl(rel) {
  return (
    rel === 'package.json' ||
    rel === 'index.js' ||
    rel === 'LICENSES' ||
    rel.startsWith('LICENSES/') ||
    rel === 'src' ||
    rel === 'src/javascript' ||
    rel.startsWith('src/javascript/') ||
    rel === 'build' ||
    rel === 'build/Release' ||
    rel === 'build/Release/webgl.node'
  );
}

function copyPackage(from, to, keep) {
  if (!existsSync(from)) throw new Error(`missing ${from}`);
  mkdirSync(to, { recursive: true });
  const walk = (rel) => {
    for (const name of readdirSync(join(from, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (name === 'node_modules' || !keep(r)) continue;
      const src = join(from, r);
      if (statSync(src).isDirectory()) {
        mkdirSync(join(to, r), { recursive: true });
        walk(r);
      } else {
        cpSync(src, join(to, r), { dereference: true });
      }
    }
  };
  walk('');
}
