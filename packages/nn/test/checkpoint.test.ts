import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { expectClose, fixture, fromEnc } from './helpers.js';

const { nn } = torch;
const PYTORCH_FILE = fileURLToPath(new URL('./fixtures/mlp.safetensors', import.meta.url));
const mlp = () => new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));

describe('checkpoints travel between PyTorch and Kindling', () => {
  it("loads a state dict PyTorch wrote and gives PyTorch's outputs", () => {
    const model = mlp();
    const sd = torch.load(PYTORCH_FILE);
    expect(Object.keys(model.stateDict())).toEqual(fixture.mlp.keys);
    expect(model.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expectClose(model.forward(fromEnc(fixture.mlp.input)), fixture.mlp.output, 1e-6, 1e-6);
  });

  it('torch.save(model.stateDict()) writes the bytes the PyTorch-side writer writes', () => {
    const model = mlp();
    model.loadStateDict(torch.load(PYTORCH_FILE));
    const path = join(mkdtempSync(join(tmpdir(), 'kindling-nn-')), 'mlp.safetensors');
    torch.save(model.stateDict(), path);
    // Same bytes as tools/oracle/safetensors.py's layout of PyTorch's state_dict, which
    // `tools/oracle/nn_core.py check FILE` loads into torch.nn.Sequential.
    expect(Buffer.compare(readFileSync(path), readFileSync(PYTORCH_FILE))).toBe(0);
  });

  it('a model trained a step in Kindling round-trips through a file', () => {
    torch.manualSeed(0);
    const model = mlp();
    const x = torch.randn(5, 4);
    model.forward(x).sum().backward();
    torch.noGrad(() => {
      for (const p of model.parameters()) p.sub_(p.grad!.mul(0.1));
    });
    const path = join(mkdtempSync(join(tmpdir(), 'kindling-nn-')), 'trained.safetensors');
    torch.save(model.stateDict(), path);
    const copy = mlp();
    copy.loadStateDict(torch.load(path));
    expect(copy.forward(x).tolist()).toEqual(model.forward(x).tolist());
  });
});
