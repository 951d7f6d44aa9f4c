import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

// The README's TypeScript examples, run as written (concatenated: the second uses the first's data).
describe('README examples', () => {
  it('run and train', async () => {
    const readme = readFileSync(join(here, '../../../README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const body = blocks.map((b, i) => (i === 0 ? b : b.replace(/^import .*$/gm, ''))).join('\n');
    const dir = join(here, '.readme-run');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readme-example.ts');
    const logs: string[] = [];
    writeFileSync(file, `${body}\nexport const done = true;\n`);
    const cwd = process.cwd();
    const work = mkdtempSync(join(tmpdir(), 'kindling-readme-'));
    const log = console.log;
    console.log = (...a: unknown[]) => logs.push(a.join(' '));
    try {
      process.chdir(work);
      const mod = (await import(file)) as { done: boolean };
      expect(mod.done).toBe(true);
    } finally {
      console.log = log;
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
    // The first example fits w ≈ [1, -2, 0.5].
    expect(logs.join('\n')).toMatch(/1\.0000/);
  });
});
