#!/usr/bin/env bash
# Packs each package as npm would publish it, installs them into fresh projects — core + the CPU
# backend alone, and the umbrella — and runs a smoke script in each, from the built dist/ files.
# Proves the dependency graph users rely on (run after `pnpm build`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
all=()
for dir in "$root"/packages/*/; do
  name=$(node -p "require('$dir/package.json').name")
  (cd "$dir" && npx -y pnpm@12.4.2 pack --pack-destination "$tmp" >/dev/null)
  all+=("$name=$tmp/$(node -p "const p=require('$dir/package.json'); p.name.replace('@','').replace('/','-') + '-' + p.version + '.tgz'")")
done
core="$tmp/kindling-core-0.0.0.tgz"
cpu="$tmp/kindling-backend-cpu-0.0.0.tgz"

# A fresh project whose dependencies are the given packages' local tarballs; overrides make every
# transitive reference to our packages resolve to those tarballs too (never to the registry).
project() {
  local name=$1
  shift
  mkdir -p "$tmp/$name" && cd "$tmp/$name"
  ALL="${all[*]}" node -e '
    const direct = process.argv.slice(1).map((s) => s.split("="));
    const d = {}, o = {};
    for (const [n, f] of direct) d[n] = "file:" + f;
    for (const spec of process.env.ALL.split(" ")) {
      const [n, f] = spec.split("=");
      o[n] = n in d ? "$" + n : "file:" + f; // a direct dependency is overridden by reference
    }
    require("fs").writeFileSync("package.json", JSON.stringify({ name: "smoke", private: true, type: "module", dependencies: d, overrides: o }));
  ' "$@"
  npm install --no-audit --no-fund --silent ${NPM_EXTRA:-}
}

project lean "@kindling/core=$core" "@kindling/backend-cpu=$cpu"
cat > smoke.mjs <<'JS'
import * as core from '@kindling/core';
import { registerCpuBackend } from '@kindling/backend-cpu';
registerCpuBackend();
const x = core.tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
x.matmul(x).sum().backward();
if (JSON.stringify(x.grad.tolist()) !== '[[7,11],[9,13]]') throw new Error(`wrong grad ${x.grad}`);
console.log('core + backend-cpu (ESM):', String(x.grad).replace(/\n\s*/g, ' '));
JS
node smoke.mjs
cat > smoke.cjs <<'JS'
const core = require('@kindling/core');
require('@kindling/backend-cpu').registerCpuBackend();
console.log('core + backend-cpu (CJS):', String(core.ones(2).add(1)));
JS
node smoke.cjs

project umbrella "kindling=$tmp/kindling-0.0.0.tgz"
cat > smoke.mjs <<'JS'
import * as torch from 'kindling';
torch.manualSeed(0);
const r = torch.rand(2).tolist();
if (Math.abs(r[0] - 0.49625658988952637) > 1e-7) throw new Error(`rand stream differs: ${r}`);
console.log('kindling umbrella:', String(torch.randn(2, 2).softmax(1)).replace(/\n\s*/g, ' '));
JS
node smoke.mjs
# Vision without nn: transforms, datasets and io must work with core alone (nn is an optional peer
# needed only by @kindling/vision/models).
project vision "@kindling/core=$core" "@kindling/backend-cpu=$cpu" "@kindling/vision=$tmp/kindling-vision-0.0.0.tgz"
cat > smoke.mjs <<'JS'
import * as core from '@kindling/core';
import { registerCpuBackend } from '@kindling/backend-cpu';
import { io, transforms } from '@kindling/vision';
registerCpuBackend();
const img = core.fromTypedArray(Uint8Array.from([0, 255, 51, 102]), [2, 2], 'uint8');
const x = new transforms.Compose([new transforms.ToTensor(), new transforms.RandomHorizontalFlip(1)]).forward(img);
if (JSON.stringify(x.shape) !== '[1,2,2]' || x.dataSync()[0] !== 1) throw new Error(`wrong transform ${x}`);
const back = io.decodePng(io.encodePng(img));
if (JSON.stringify(back.tolist()) !== '[[[0,255],[51,102]]]') throw new Error(`png round trip ${back}`);
let err = '';
try { await import('@kindling/vision/models'); } catch (e) { err = String(e); }
if (!err.includes('@kindling/nn')) throw new Error(`models without nn should fail naming it, got: ${err}`);
console.log('vision without nn:', String(x).replace(/\n\s*/g, ' '));
JS
node smoke.mjs

# With nn installed, the model zoo subpath works (ESM and CJS).
project vision-models "@kindling/core=$core" "@kindling/backend-cpu=$cpu" "@kindling/nn=$tmp/kindling-nn-0.0.0.tgz" "@kindling/vision=$tmp/kindling-vision-0.0.0.tgz"
cat > smoke.cjs <<'JS'
const core = require('@kindling/core');
require('@kindling/backend-cpu').registerCpuBackend();
const { LeNet5 } = require('@kindling/vision/models');
const y = new LeNet5().forward(core.randn(2, 1, 28, 28));
if (JSON.stringify(y.shape) !== '[2,10]') throw new Error(`wrong shape ${y.shape}`);
console.log('vision/models with nn (CJS): LeNet5 ->', JSON.stringify(y.shape));
JS
node smoke.cjs

# The GPU device as a user installs it: gpu.js comes with it; without gpu.js's optional native `gl`
# (omitted here, as on a machine without build tools) the WebAssembly mode still works.
NPM_EXTRA=--omit=optional project gpu "@kindling/core=$core" "@kindling/backend-cpu=$cpu" "@kindling/backend-gpu=$tmp/kindling-backend-gpu-0.0.0.tgz"
cat > smoke.mjs <<'JS'
import * as core from '@kindling/core';
import { registerCpuBackend } from '@kindling/backend-cpu';
import { configureGpu } from '@kindling/backend-gpu';
registerCpuBackend();
configureGpu({ mode: 'webasm' });
const x = core.tensor([[1, 2], [3, 4]], { dtype: 'float32' }).to('gpu').requiresGrad_();
x.matmul(x).sum().backward();
if (x.device !== 'gpu' || JSON.stringify(x.grad.tolist()) !== '[[7,11],[9,13]]') throw new Error(`wrong grad ${x.grad}`);
console.log('core + backend-gpu (ESM):', JSON.stringify(core.config().devices.gpu));
JS
node smoke.mjs
cat > smoke.cjs <<'JS'
const core = require('@kindling/core');
require('@kindling/backend-cpu').registerCpuBackend();
require('@kindling/backend-gpu').configureGpu({ mode: 'webasm' });
console.log('core + backend-gpu (CJS):', String(core.ones(2, { device: 'gpu' }).add(1)));
JS
node smoke.cjs

echo "selective install: ok"
