import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// The README's main demo, for a few steps on the embedded Fashion-MNIST subset.
describe('the Fashion-MNIST demo', () => {
  it('trains, evaluates and writes its checkpoint and pictures', () => {
    const out = mkdtempSync(join(tmpdir(), 'kindling-demo-'));
    try {
      const log = execFileSync(
        process.execPath,
        [
          '--conditions=kindling-source',
          '--import',
          'tsx',
          'examples/fashion-demo.ts',
          '--max-steps',
          '8',
          '--epochs',
          '1',
          '--data',
          'examples/fashion/data',
          '--out',
          out,
        ],
        { cwd: root, encoding: 'utf8', timeout: 120_000 },
      );
      expect(log).toMatch(
        /epoch 1: [\d.]+ s, train loss [\d.]+, train accuracy [\d.]+%, test accuracy [\d.]+%/,
      );
      expect(log).toMatch(/test accuracy [\d.]+% after 8 steps/);
      for (const png of ['predictions.png', 'training.png']) {
        expect([...readFileSync(join(out, png)).subarray(0, 8)]).toEqual(PNG);
      }
      const sd = torch.load(join(out, 'fashion-cnn.safetensors'));
      expect(Object.keys(sd).sort()).toEqual([
        'conv1.bias',
        'conv1.weight',
        'conv2.bias',
        'conv2.weight',
        'fc1.bias',
        'fc1.weight',
        'fc2.bias',
        'fc2.weight',
      ]);
      expect(sd['fc1.weight']!.shape).toEqual([128, 1568]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
