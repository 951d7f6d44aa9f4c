/**
 * `pnpm bench:gpu` (from the repo root): Kindling on device 'gpu' in each gpu.js mode (headlessgl,
 * webasm) next to kindling-cpu (the reference) and tfjs-backend-webgl on headless-gl, on matmul
 * 256–2048, conv2d forward and the MLP and CNN training steps of bench/RESULTS.md. gpu.js fixes its
 * mode per process, and one process should hold one GL user, so this entry re-spawns itself once per
 * peer and pass (`--child`), collects JSON, cross-checks every peer against kindling-cpu and writes
 * bench/GPU.md. It also times the first call (kernel compile) of matmul 512 and the MLP step in fresh
 * processes. GL peers need an X display: DISPLAY, or a private Xvfb started here.
 *
 * Options: `--modes headlessgl,webasm`, `--out FILE` (markdown; default GPU.md next to this script),
 * `--json FILE`, `--quick` (one pass, fewer reps), `--passes N` (default 2), `--skip-cpu-peers`
 * (kindling-cpu computes the reference values but is not timed), `--skip-tfjs`, `--only <substring>`,
 * `--machine <text>` (names the machine in the report), `--no-write`.
 *
 * It bundles into one Node file (bench/build-gpu-bundle.mjs); only `gl` stays outside.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { compiledKernels, configureGpu, type GpuMode, gpuInfo, synchronize } from '@kindling/backend-gpu';
import * as torch from 'kindling';
import { kindlingDevicePeer } from './gpu-kindling.js';
import { ensureDisplay, glDriverLibs, gpuName, stopDisplay } from './gpu-machine.js';
import { type FirstCall, gpuMarkdown, REFERENCE, TFJS_WEBGL } from './gpu-report.js';
import { machineInfo, maxRelDiff, type Peer, WORKLOADS, type Workload } from './harness.js';
import { kindlingPeer } from './peer-kindling.js';
import { type Cell, fmt, type Results } from './report.js';

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(`--${name}`);
function option(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

const SELF = resolve(process.argv[1]!);
const quick = flag('quick');

const MATMUL_SIZES = [256, 512, 1024, 2048];
const byId = (id: string): Workload => WORKLOADS.find((w) => w.id === id)!;
const GPU_WORKLOADS: Workload[] = [
  ...MATMUL_SIZES.map(
    (n): Workload => ({
      id: `matmul-${n}`,
      group: 'matmul',
      label: `matmul ${n}×${n} @ ${n}×${n}`,
      unit: 'ms',
      tol: 1e-4,
    }),
  ),
  byId('conv2d-fwd'),
  byId('mlp-step'),
  byId('cnn-step'),
];
const FIRST_CALL_IDS = ['matmul-512', 'mlp-step'];

/** What one child process reports: its cells, its check values, where it ran, or a first-call row. */
interface ChildResult {
  peer: string;
  info: Record<string, string>;
  cells: Record<string, Cell>;
  checks: Record<string, number[]>;
  first?: FirstCall;
}

/** Past this, one run is the whole measurement (and later passes skip the cell): see timeCell. */
const SINGLE_RUN_MS = 15_000;

/**
 * Median of timed reps after two warm-ups (the first compiles). Fewer reps for slow runs, judged by
 * the second (compile-free) warm-up, so multi-second cells on software renderers fit the budget. A
 * first run over SINGLE_RUN_MS (llvmpipe's matmul 2048) is itself the one sample: at that length
 * the compile in it is noise, and more runs would not fit the local time budget.
 */
async function timeCell(run: () => Promise<void>): Promise<{ median: number; reps: number }> {
  let t0 = performance.now();
  await run();
  const first = performance.now() - t0;
  if (first > SINGLE_RUN_MS) return { median: first, reps: 1 };
  t0 = performance.now();
  await run();
  const est = performance.now() - t0;
  const reps = est < 1000 ? (quick ? 3 : 7) : est < 2500 ? (quick ? 2 : 5) : quick ? 1 : 3;
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return { median: times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2, reps };
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

// ---------------------------------------------------------------- child: one peer in this process

async function openPeer(
  spec: string,
): Promise<{ peer: Peer; sync: () => void | Promise<void>; info: Record<string, string> }> {
  if (spec === REFERENCE) return { peer: kindlingPeer, sync: () => {}, info: {} };
  if (spec === TFJS_WEBGL) {
    const { tfjsWebglPeer } = await import('./gpu-tfjs.js');
    const t = await tfjsWebglPeer(glDriverLibs);
    return { peer: t.peer, sync: t.sync, info: t.info() };
  }
  const mode = spec.slice('kindling-gpu-'.length) as GpuMode;
  configureGpu({ mode });
  const g = gpuInfo(); // creates the context and runs a first tiny kernel
  const info: Record<string, string> = {
    [`gpuInfo() in ${spec}`]: JSON.stringify(g),
    [`torch.config() in ${spec}`]: JSON.stringify(torch.config()),
  };
  const libs = glDriverLibs();
  if (libs) info[`GL driver libraries mapped in ${spec}`] = libs;
  return { peer: kindlingDevicePeer(spec, 'gpu'), sync: synchronize, info };
}

async function child(spec: string, resultFile: string): Promise<void> {
  const out: ChildResult = { peer: spec, info: {}, cells: {}, checks: {} };
  const save = (): void => writeFileSync(resultFile, JSON.stringify(out));
  const firstId = option('first');
  const t0 = performance.now();
  let opened: Awaited<ReturnType<typeof openPeer>>;
  try {
    opened = await openPeer(spec);
  } catch (e) {
    // The peer cannot start here (no GL context, tfjs left out of the bundle…): say why, per cell.
    writeFileSync(resultFile, JSON.stringify({ error: `${spec} could not start: ${errorText(e)}` }));
    throw e;
  }
  const { peer, sync, info } = opened;
  const initMs = performance.now() - t0;
  out.info = info;
  save();
  if (firstId) {
    const p = peer.prepare(firstId)!;
    await sync();
    const before = spec.startsWith('kindling-gpu') ? compiledKernels() : 0;
    const t1 = performance.now();
    p.run();
    await sync();
    const firstMs = performance.now() - t1;
    const kernels = spec.startsWith('kindling-gpu') ? compiledKernels() - before : undefined;
    const { median, reps } = await timeCell(async () => {
      p.run();
      await sync();
    });
    p.dispose();
    out.first = {
      peer: spec,
      id: firstId,
      initMs,
      firstMs,
      steady: median,
      reps,
      ...(kernels === undefined ? {} : { kernels }),
    };
    save();
    return;
  }
  const only = option('only');
  const skip = (option('skip') ?? '').split(',');
  for (const w of GPU_WORKLOADS.filter((x) => (!only || x.id.includes(only)) && !skip.includes(x.id))) {
    let cell: Cell | null = null;
    try {
      const p = peer.prepare(w.id);
      if (!p) cell = { missing: 'not available' };
      else {
        try {
          if (flag('checks') && p.check) out.checks[w.id] = p.check();
          if (!flag('check-only')) {
            // Every rep ends when the device is done: GL calls return before the work is.
            cell = await timeCell(async () => {
              p.run();
              await sync();
            });
          }
        } finally {
          p.dispose();
        }
      }
    } catch (e) {
      cell = { error: errorText(e) };
      console.error(`  ${spec} ${w.id} FAILED: ${cell.error.split('\n')[0]}`);
    }
    if (cell) out.cells[w.id] = cell;
    if (cell && 'median' in cell)
      console.log(
        `  ${spec.padEnd(24)} ${w.id.padEnd(12)} ${fmt(cell.median).padStart(9)} ms (${cell.reps} reps)`,
      );
    save();
  }
}

// ---------------------------------------------------------------- parent: spawn, collect, report

// Children write their results here (the parent's folder; removed at the end).
const work = option('child') ? '' : mkdtempSync(join(tmpdir(), 'kindling-gpu-bench-'));
let serial = 0;

function runChild(spec: string, extra: string[]): Promise<ChildResult | { error: string }> {
  const file = join(work, `${serial++}.json`);
  const args = [...process.execArgv, SELF, '--child', spec, '--result', file, ...extra];
  if (quick) args.push('--quick');
  const env = { ...process.env };
  if (spec.startsWith('kindling-gpu-')) env.KINDLING_GPU_MODE = spec.slice('kindling-gpu-'.length);
  const limit = Number(option('child-timeout') ?? 900) * 1000;
  return new Promise((done) => {
    const c = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    const timer = setTimeout(() => c.kill('SIGKILL'), limit);
    c.on('exit', (code, signal) => {
      clearTimeout(timer);
      let r: ChildResult | { error: string } | null = null;
      try {
        r = JSON.parse(readFileSync(file, 'utf8')) as ChildResult | { error: string };
      } catch {
        // The child died before its first save.
      }
      const why = code === 0 ? null : `child exited with ${signal ?? `code ${code}`}`;
      done(r ?? { error: why ?? 'child wrote no result' });
      if (why) console.error(`  ${spec}: ${why}`);
    });
  });
}

async function parent(): Promise<void> {
  const modes = (option('modes') ?? 'headlessgl,webasm').split(',').filter(Boolean);
  const passes = quick ? 1 : Math.max(1, Number(option('passes') ?? 2));
  const skipCpu = flag('skip-cpu-peers');
  const only = option('only');
  const workloads = GPU_WORKLOADS.filter((w) => !only || w.id.includes(only));
  const gpuPeers = modes.map((m) => `kindling-gpu-${m}`);
  const peers = [...(skipCpu ? [] : [REFERENCE]), ...gpuPeers, ...(flag('skip-tfjs') ? [] : [TFJS_WEBGL])];
  const notes: string[] = [];
  const noDisplay = peers.some((p) => p === TFJS_WEBGL || p.endsWith('gl')) ? ensureDisplay() : null;
  if (noDisplay) notes.push(`GL peers could not run: ${noDisplay}.`);
  const info: Record<string, string> = { ...machineInfo() };
  const gpu = option('machine') ?? gpuName();
  if (gpu) info.gpu = gpu;

  const results: Results = [];
  const reference: Record<string, number[]> = {};
  const checks: string[] = [];
  let mismatches = 0;
  const pass0Extra = only ? ['--only', only] : [];
  if (skipCpu) {
    console.log('\n=== kindling-cpu: reference values only ===');
    const r = await runChild(REFERENCE, [...pass0Extra, '--checks', '--check-only']);
    if ('checks' in r) Object.assign(reference, r.checks);
  }
  for (let pass = 0; pass < passes; pass++) {
    console.log(`\n=== pass ${pass + 1} of ${passes} ===`);
    const table: Record<string, Record<string, Cell>> = {};
    results.push(table);
    for (const spec of peers) {
      const gl = spec === TFJS_WEBGL || spec.endsWith('gl');
      // Cells whose single run took over SINGLE_RUN_MS in pass 1 are not run again.
      const slow = workloads.filter((w) => {
        const c = results[0]?.[spec]?.[w.id];
        return pass > 0 && c !== undefined && 'median' in c && c.median > SINGLE_RUN_MS;
      });
      const extra = [
        ...pass0Extra,
        ...(pass === 0 ? ['--checks'] : []),
        '--skip',
        slow.map((w) => w.id).join(','),
      ];
      const r = gl && noDisplay ? { error: noDisplay } : await runChild(spec, extra);
      const cells: Record<string, Cell> = {};
      for (const w of workloads) {
        if (slow.includes(w) && !('error' in r))
          cells[w.id] = { missing: 'pass 1 only (one run takes over 15 s)' };
        else
          cells[w.id] =
            'error' in r
              ? { error: r.error }
              : (r.cells[w.id] ?? { error: 'child stopped before this cell' });
      }
      table[spec] = cells;
      if ('error' in r) continue;
      Object.assign(info, r.info);
      if (pass !== 0) continue;
      for (const [id, got] of Object.entries(r.checks)) {
        if (spec === REFERENCE) {
          reference[id] = got;
          continue;
        }
        const ref = reference[id];
        if (!ref) continue;
        const tol = GPU_WORKLOADS.find((w) => w.id === id)!.tol;
        const d = maxRelDiff(got, ref);
        const ok = d <= tol;
        if (!ok) mismatches++;
        checks.push(
          `${id}, ${spec}: max relative difference ${d.toExponential(2)} (tolerance ${tol}) ${ok ? 'ok' : 'MISMATCH'}`,
        );
        if (!ok)
          console.error(`  MISMATCH ${id} on ${spec}: ${JSON.stringify(got)} vs ${JSON.stringify(ref)}`);
      }
    }
  }

  if (skipCpu)
    notes.push('`--skip-cpu-peers`: kindling-cpu computed the reference values but was not timed.');
  const drivers = Object.entries(info).filter(([k]) => k.startsWith('GL driver libraries'));
  if (drivers.some(([, v]) => /swrast|llvmpipe|softpipe|swiftshader/i.test(v))) {
    notes.push("GL ran on Mesa's software rasteriser (swrast_dri / llvmpipe) on this machine's CPU cores.");
  }

  console.log('\n=== first calls (fresh process each) ===');
  const firstCalls: FirstCall[] = [];
  const firstPeers = [...gpuPeers, ...(flag('skip-tfjs') ? [] : [TFJS_WEBGL])];
  for (const spec of firstPeers) {
    for (const id of FIRST_CALL_IDS.filter((x) => !only || x.includes(only))) {
      const gl = spec === TFJS_WEBGL || spec.endsWith('gl');
      const r = gl && noDisplay ? { error: noDisplay } : await runChild(spec, ['--first', id]);
      const f = 'error' in r ? null : r.first;
      firstCalls.push(
        f ?? {
          peer: spec,
          id,
          initMs: 0,
          firstMs: 0,
          steady: 0,
          reps: 0,
          error: 'error' in r ? r.error : 'no result',
        },
      );
      if (f)
        console.log(
          `  ${spec.padEnd(24)} ${id.padEnd(12)} first ${fmt(f.firstMs)} ms, steady ${fmt(f.steady)} ms`,
        );
    }
  }

  // `pnpm bench:gpu …`, or the bundle's own name when it runs outside the repo.
  const event = process.env.npm_lifecycle_event;
  const command = `${event ? `pnpm ${event}` : `node ${basename(SELF)}`} ${argv.join(' ')}`.trim();
  const report = { workloads, peers, results, info, firstCalls, checks, notes, command };
  console.log(`\n${gpuMarkdown(report).split('## Results (ms)')[1]?.split('## First call')[0] ?? ''}`);
  const json = option('json');
  if (json) writeFileSync(json, JSON.stringify(report, null, 2));
  if (!flag('no-write')) {
    const file = option('out') ?? join(dirname(SELF), 'GPU.md');
    writeFileSync(file, gpuMarkdown(report));
    console.log(`wrote ${file}`);
  }
  if (mismatches > 0) {
    console.error(
      `${mismatches} cross-check mismatch(es): a peer computed different numbers than kindling-cpu`,
    );
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const spec = option('child');
  try {
    if (spec) await child(spec, option('result')!);
    else await parent();
  } finally {
    stopDisplay();
    if (!spec) rmSync(work, { recursive: true, force: true });
  }
}

// No top-level await: the bundle is CommonJS.
main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
