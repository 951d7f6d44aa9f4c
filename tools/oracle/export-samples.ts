/**
 * Writes the conformance sample table to JSON for `generate.py`, with everything Python needs to
 * rebuild the same inputs: seeds, resolved arguments, dtypes, which inputs require grad, and a probe
 * of the first values so that the two LCG implementations are checked against each other.
 *
 * Run from the repository root:
 *   node --conditions=kindling-source --import tsx tools/oracle/export-samples.ts [out.json]
 */
import { writeFileSync } from 'node:fs';
import {
  entryKey,
  FLOATS,
  fnv1a,
  inputNeedsGrad,
  makeInputValues,
  SAMPLE_TABLE,
  sampleKey,
  specHash,
} from '@kindling/core/testing';

const out = process.argv[2] ?? 'tools/oracle/samples.json';

const entries = SAMPLE_TABLE.map((entry) => ({
  key: entryKey(entry),
  op: entry.op,
  call: entry.call ?? 'method',
  samples: entry.samples.map((sample, i) => {
    const key = sampleKey(entry, i);
    const seed = fnv1a(key);
    const method = (entry.call ?? 'method') === 'method';
    const args =
      sample.args ??
      (method
        ? sample.inputs.slice(1).map((_, j) => ({ input: j + 1 }))
        : sample.inputs.map((_, j) => ({ input: j })));
    return {
      key,
      seed,
      hash: specHash(sample),
      inputs: sample.inputs,
      args,
      kwargs: sample.kwargs ?? {},
      cases: (sample.dtypes ?? entry.dtypes ?? FLOATS).map((dtype) => ({
        dtype,
        requiresGrad: sample.inputs.map((_, j) => inputNeedsGrad(entry, sample, j, dtype)),
        probe: makeInputValues(sample.inputs, dtype, seed).map((v) => Array.from(v.base.slice(0, 3))),
      })),
    };
  }),
}));

writeFileSync(out, `${JSON.stringify({ version: 1, entries }, null, 1)}\n`);
console.log(`wrote ${entries.length} entries to ${out}`);
