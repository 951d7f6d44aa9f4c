/**
 * The README's main demo: train a CNN on Fashion-MNIST with Kindling.
 *
 *   pnpm run demo [--epochs 3] [--batch-size 64] [--lr 0.001] [--workers 0] [--device cpu]
 *                 [--data DIR] [--out DIR] [--max-steps N]
 *
 * Data: `--data`, else the real Fashion-MNIST from Debian's `dataset-fashion-mnist`
 * (/usr/share/datasets/fashion-mnist) when installed, else the 5,000/1,000-image subset shipped in
 * examples/fashion/data. Writes a safetensors checkpoint, predictions.png (test images labelled
 * "predicted/true", green when right, red when wrong) and training.png (loss and accuracy curves).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DataLoader } from '@kindling/data';
import { datasets, io, utils } from '@kindling/vision';
import cliProgress from 'cli-progress';
import * as torch from 'kindling';
import { MEAN, STD, testDataset, trainDataset } from './fashion/dataset.js';
import { drawText } from './fashion/font.js';
import { drawChart, rangeOf } from './fashion/plot.js';

const { nn, optim } = torch;
const here = dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '64' },
    lr: { type: 'string', default: '0.001' },
    workers: { type: 'string', default: '0' },
    device: { type: 'string', default: 'cpu' },
    data: { type: 'string' },
    out: { type: 'string', default: 'demo-output' },
    'max-steps': { type: 'string' },
    seed: { type: 'string', default: '0' },
  },
});
const epochs = Number(args.epochs);
const batchSize = Number(args['batch-size']);
const maxSteps = args['max-steps'] === undefined ? Number.POSITIVE_INFINITY : Number(args['max-steps']);
const device = args.device!;
const outDir = args.out!;

const DEBIAN = '/usr/share/datasets/fashion-mnist';
const EMBEDDED = join(here, 'fashion', 'data');
const root = args.data ?? (existsSync(join(DEBIAN, 't10k-labels-idx1-ubyte.gz')) ? DEBIAN : EMBEDDED);
console.log(
  `Fashion-MNIST from ${root}${root === EMBEDDED ? " (the embedded subset; install Debian's dataset-fashion-mnist for the full data)" : ''}`,
);

torch.manualSeed(Number(args.seed));
process.env.KINDLING_FASHION_ROOT = root;
const train = trainDataset(root);
const test = testDataset(root);
const numWorkers = Number(args.workers);
const loader = new DataLoader(train, {
  batchSize,
  shuffle: true,
  numWorkers,
  // Workers rebuild the dataset from this module (a dataset object cannot cross threads).
  ...(numWorkers > 0
    ? { workerDataset: { module: new URL('./fashion/dataset.ts', import.meta.url), export: 'trainDataset' } }
    : {}),
});
const testLoader = new DataLoader(test, { batchSize: 1000 });

/** Two conv blocks and two linear layers: the same model as tools/fashion/pytorch_baseline.py. */
class FashionCNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 16, 3, { padding: 1 });
  conv2 = new nn.Conv2d(16, 32, 3, { padding: 1 });
  pool = new nn.MaxPool2d(2);
  fc1 = new nn.Linear(32 * 7 * 7, 128);
  fc2 = new nn.Linear(128, 10);

  override forward(x: torch.Tensor): torch.Tensor {
    x = this.pool.forward(this.conv1.forward(x).relu());
    x = this.pool.forward(this.conv2.forward(x).relu());
    return this.fc2.forward(this.fc1.forward(x.flatten(1)).relu());
  }
}

const model = new FashionCNN().to(device);
const lossFn = new nn.CrossEntropyLoss();
const opt = new optim.Adam(model.parameters(), { lr: Number(args.lr) });
console.log(String(model));

async function evaluate(): Promise<{ acc: number; images: torch.Tensor; preds: number[]; labels: number[] }> {
  model.eval();
  let correct = 0;
  let total = 0;
  let first: { images: torch.Tensor; preds: number[]; labels: number[] } | null = null;
  for await (const [x, y] of testLoader) {
    torch.scope(() => {
      const pred = torch
        .noGrad(() => model.forward(x.to(device)))
        .argmax(1)
        .to('cpu');
      correct += pred.eq(y).sum().item() as number;
      total += y.numel();
      if (!first) {
        first = {
          images: torch.keep(x.narrow(0, 0, 32).clone()),
          preds: pred.narrow(0, 0, 32).tolist() as number[],
          labels: y.narrow(0, 0, 32).tolist() as number[],
        };
      }
    });
  }
  model.train();
  return { acc: (100 * correct) / total, ...first! };
}

// Curves: training loss and accuracy every LOG_EVERY steps (running means), test accuracy per epoch.
const LOG_EVERY = 20;
const history = { loss: [] as number[], trainAcc: [] as number[], testAcc: [] as number[] };
let steps = 0;
const t0 = Date.now();
for (let epoch = 1; epoch <= epochs && steps < maxSteps; epoch++) {
  const bar = new cliProgress.SingleBar(
    {
      format: `epoch ${epoch}/${epochs} [{bar}] {percentage}% | {value}/{total} batches | loss {loss} | acc {acc}%`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      synchronousUpdate: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.min(loader.length, maxSteps - steps), 0, { loss: '-', acc: '-' });
  const start = Date.now();
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  for await (const [x, y] of loader) {
    if (steps >= maxSteps) break;
    const [loss, right] = torch.scope(() => {
      opt.zeroGrad();
      const logits = model.forward(x.to(device));
      const l = lossFn.forward(logits, y.to(device));
      l.backward();
      opt.step();
      return [l.item() as number, logits.argmax(1).to('cpu').eq(y).sum().item() as number];
    });
    lossSum += loss * y.numel();
    correct += right;
    seen += y.numel();
    steps++;
    bar.increment(1, { loss: (lossSum / seen).toFixed(4), acc: ((100 * correct) / seen).toFixed(1) });
    if (steps % LOG_EVERY === 0) {
      history.loss.push(lossSum / seen);
      history.trainAcc.push((100 * correct) / seen);
    }
    // The loop only awaits microtasks; let the progress bar's timer run now and then.
    if (steps % 10 === 0) await new Promise((r) => setImmediate(r));
  }
  bar.stop();
  const seconds = (Date.now() - start) / 1000;
  const { acc } = await evaluate();
  history.testAcc.push(acc);
  console.log(
    `epoch ${epoch}: ${seconds.toFixed(1)} s, train loss ${(lossSum / seen).toFixed(4)}, train accuracy ${((100 * correct) / seen).toFixed(2)}%, test accuracy ${acc.toFixed(2)}%`,
  );
}

const final = await evaluate();
console.log(
  `test accuracy ${final.acc.toFixed(2)}% after ${steps} steps (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
);

mkdirSync(outDir, { recursive: true });
torch.save(model.stateDict(), join(outDir, 'fashion-cnn.safetensors'));

// predictions.png: a grid of test images, each labelled "predicted/true" (green right, red wrong).
const SCALE = 3;
const images = final.images.mul(STD).add(MEAN).clamp(0, 1);
const tiles = torch.nn.functional.interpolate(images, { scaleFactor: SCALE, mode: 'nearest' });
const grid = utils.makeGrid(tiles.expand(-1, 3, -1, -1), { nrow: 8, padding: 14, padValue: 1 });
const [, H, W] = grid.shape as [number, number, number];
const rgb = Uint8Array.from(grid.mul(255).round().to('uint8').dataSync());
const cell = 28 * SCALE + 14;
final.preds.forEach((p, i) => {
  const right = p === final.labels[i];
  drawText(
    rgb,
    W,
    H,
    `${p}/${final.labels[i]}`,
    14 + (i % 8) * cell,
    3 + Math.floor(i / 8) * cell,
    right ? [0, 140, 0] : [200, 0, 0],
    2,
  );
});
io.writePng(torch.tensor(rgb).reshape(3, H, W), join(outDir, 'predictions.png'));

// training.png: loss (left) and train/test accuracy (right) per epoch.
const CW = 640;
const CH = 240;
const chart = new Uint8Array(3 * CW * CH).fill(255);
const lossPanel = { x: 40, y: 20, w: 260, h: 200 };
const accPanel = { x: 360, y: 20, w: 260, h: 200 };
const lossSeries = [{ values: history.loss, color: [200, 40, 40] as const }];
// Test accuracy is known once per epoch: stretch it over the same x axis as the per-step curve.
const perEpoch = Math.max(1, Math.round(history.trainAcc.length / Math.max(history.testAcc.length, 1)));
const testStretched = history.testAcc.flatMap((a) => Array.from({ length: perEpoch }, () => a));
const accSeries = [
  { values: history.trainAcc, color: [40, 40, 200] as const },
  { values: testStretched, color: [0, 150, 0] as const },
];
const lossRange = rangeOf(lossSeries);
const accRange = rangeOf(accSeries);
drawChart(chart, CW, CH, lossPanel, lossSeries, lossRange);
drawChart(chart, CW, CH, accPanel, accSeries, accRange);
const grey = [60, 60, 60] as const;
drawText(chart, CW, CH, lossRange[1].toFixed(2), 2, lossPanel.y, grey);
drawText(chart, CW, CH, lossRange[0].toFixed(2), 2, lossPanel.y + lossPanel.h - 5, grey);
drawText(chart, CW, CH, accRange[1].toFixed(1), accPanel.x - 38, accPanel.y, grey);
drawText(chart, CW, CH, accRange[0].toFixed(1), accPanel.x - 38, accPanel.y + accPanel.h - 5, grey);
io.writePng(torch.tensor(chart).reshape(3, CH, CW), join(outDir, 'training.png'));
console.log(
  `wrote ${join(outDir, 'fashion-cnn.safetensors')}, ${join(outDir, 'predictions.png')}, ${join(outDir, 'training.png')}`,
);
console.log(`classes: ${datasets.FashionMNIST.classes.map((c, i) => `${i}=${c}`).join(', ')}`);
