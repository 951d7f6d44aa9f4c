/** Small pieces every Kindling workload of the benchmarks shares (CPU and GPU peers alike). */
import * as torch from 'kindling';

/** A float32 tensor on `device` from seeded host data. */
export const t32 = (data: Float32Array, shape: number[], device = 'cpu'): torch.Tensor =>
  torch.fromTypedArray(data, shape, 'float32', device);

export function disposeAll(ts: readonly torch.Tensor[]): void {
  for (const t of ts) t.dispose();
}

/** Values on the host (a read waits for the device). */
export function values(t: torch.Tensor): number[] {
  return Array.from(t.dataSync() as Float32Array);
}

/** Runs a training step and reads its loss (which waits for the device, as a loop that logs does). */
export function readLoss(step: () => torch.Tensor): number {
  const loss = step();
  const v = loss.item() as number;
  loss.dispose();
  return v;
}

/** `n` steps' losses; a training loop must hold steady memory, so the steps may not leave storages behind. */
export function steadyLosses(step: () => number, n: number, what: string): number[] {
  const before = torch.memory().storages;
  const losses = Array.from({ length: n }, step);
  const after = torch.memory().storages;
  if (after !== before) throw new Error(`Kindling ${what} step leaks: ${before} → ${after} live storages`);
  return losses;
}
