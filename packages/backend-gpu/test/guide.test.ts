import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

// The GPU guide's and the package README's examples, run as written (in webasm: no native deps).
it.each(['../../../docs/guides/gpu.md', '../README.md'])('the example in %s runs', async (doc) => {
  process.env.KINDLING_GPU_MODE = 'webasm';
  const text = readFileSync(join(here, doc), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(text)?.[1];
  expect(block).toBeDefined();
  const dir = join(here, '.guide-run');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${doc.replace(/\W+/g, '-')}.ts`);
  writeFileSync(file, `${block}\nexport const done = true;\n`);
  const logs: unknown[][] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => logs.push(a);
  try {
    expect(((await import(file)) as { done: boolean }).done).toBe(true);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  // Both print the values read from the device and what torch.config() says about it.
  const [values, gpu] = logs[0] as [Float32Array, { mode: string }];
  expect(values.length).toBeGreaterThan(0);
  expect(gpu.mode).toBe('webasm');
});
