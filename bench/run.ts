/**
 * `pnpm bench` (from the repo root): Kindling's CPU backend vs tfjs-backend-cpu vs tfjs-backend-wasm
 * in one process, peers one after another, on matmul, relu(a+b), sums, per-op overhead and an MLP
 * training step. Prints medians and ratios, checks that every peer computed the same numbers, and
 * writes bench/RESULTS.md.
 *
 * Options: `--passes N` (default 2: whole passes, best pass median kept per cell),
 * `--only <substring>` (workload ids), `--no-write` (print only), `--out <file>` (instead of
 * bench/RESULTS.md), `--note <text>` (a line added to the "How it was measured" list).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo, maxRelDiff, type Peer, timeMedian, WORKLOADS } from './harness.js';
import { kindlingPeer } from './peer-kindling.js';
import { tfjsInfo, tfjsPeer } from './peer-tfjs.js';
import { BARS, barValue, best, type Cell, fmt, KINDLING, markdown, type Results, speedup } from './report.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const passes = Math.max(1, Number(option('passes') ?? 2));
const only = option('only');
const write = !process.argv.includes('--no-write');
const workloads = WORKLOADS.filter((w) => !only || w.id.includes(only));
const peers: Peer[] = [kindlingPeer, tfjsPeer('cpu'), tfjsPeer('wasm')];

const results: Results = [];
const reference = new Map<string, number[]>(); // Kindling's check values per workload
const checks: string[] = [];
let mismatches = 0;

function crossCheck(peer: string, id: string, got: number[], tol: number): void {
  if (peer === KINDLING) {
    reference.set(id, got);
    return;
  }
  const ref = reference.get(id);
  if (!ref) return;
  const d = maxRelDiff(got, ref);
  const ok = d <= tol;
  if (!ok) mismatches++;
  checks.push(
    `${id}, ${peer}: max relative difference ${d.toExponential(2)} (tolerance ${tol}) ${ok ? 'ok' : 'MISMATCH'}`,
  );
  if (!ok)
    console.error(`  MISMATCH ${id} on ${peer}: ${JSON.stringify(got)} vs Kindling ${JSON.stringify(ref)}`);
}

for (let pass = 0; pass < passes; pass++) {
  const table: Record<string, Record<string, Cell>> = {};
  results.push(table);
  console.log(`\n=== pass ${pass + 1} of ${passes} ===`);
  for (const peer of peers) {
    await peer.init?.();
    const cells: Record<string, Cell> = {};
    table[peer.name] = cells;
    for (const w of workloads) {
      let cell: Cell;
      try {
        const p = peer.prepare(w.id);
        if (!p) {
          cell = { missing: 'not available' };
        } else {
          try {
            if (pass === 0 && p.check) crossCheck(peer.name, w.id, p.check(), w.tol);
            const { median, reps } = timeMedian(p.run, 7, p.maxReps);
            cell = { median: p.opsPerRun ? (median * 1000) / p.opsPerRun : median, reps };
          } finally {
            p.dispose();
          }
        }
      } catch (e) {
        cell = { error: e instanceof Error ? e.message : String(e) };
        console.error(`  ${peer.name} ${w.id} FAILED: ${cell.error}`);
      }
      cells[w.id] = cell;
      if ('median' in cell)
        console.log(`  ${peer.name.padEnd(13)} ${w.id.padEnd(20)} ${fmt(cell.median).padStart(9)} ${w.unit}`);
    }
  }
}

// Summary: best pass median per cell, and Kindling's speed against each peer.
const names = peers.map((p) => p.name);
console.log(
  `\n${'workload'.padEnd(20)}${names.map((n) => n.padStart(14)).join('')}   vs tfjs-cpu   vs tfjs-wasm`,
);
for (const w of workloads) {
  const k = best(results, KINDLING, w.id);
  const cols = names.map((n) => {
    const b = best(results, n, w.id);
    return (b === null ? '-' : fmt(b)).padStart(14);
  });
  const ratios = ['tfjs-cpu', 'tfjs-wasm'].map((p) => speedup(k, best(results, p, w.id)).padStart(12));
  console.log(`${w.id.padEnd(20)}${cols.join('')} ${ratios.join(' ')}   (${w.unit})`);
}
console.log('\nBars (best pass medians):');
for (const bar of BARS) {
  if (!workloads.some((w) => w.id === bar.id)) continue;
  const { value, met } = barValue(bar, (p, id) => best(results, p, id));
  const shown = value === null ? '-' : bar.kind === 'max' ? `${fmt(value)} µs` : `${value.toFixed(2)}×`;
  console.log(`  ${met ? 'MET ' : 'MISS'} ${bar.label.padEnd(44)} ${shown}`);
}

if (write) {
  const info = { ...machineInfo(), ...tfjsInfo() };
  const file = option('out') ?? join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
  writeFileSync(file, markdown(workloads, names, results, info, checks, option('note')));
  console.log(`\nwrote ${file}`);
}
if (mismatches > 0) {
  console.error(`${mismatches} cross-check mismatch(es): a peer computed different numbers than Kindling`);
  process.exitCode = 1;
}
