import { empty, type Generator, randint, randperm } from '@kindling/core';

/** Where random transforms draw from: the global generator unless one is given. */
export interface RandomTransformOptions {
  /** A `torch.Generator`; default: the global one that `manualSeed` seeds. */
  generator?: Generator;
}

/** `torch.rand(1).item()` (float32), drawn as torchvision draws it. @internal */
export function rand1(g?: Generator): number {
  return empty(1).uniform_(0, 1, { generator: g }).item() as number;
}

/** `torch.empty(1).uniform_(lo, hi).item()` (float32). @internal */
export function uniform1(lo: number, hi: number, g?: Generator): number {
  return empty(1).uniform_(lo, hi, { generator: g }).item() as number;
}

/** `torch.randint(low, high, size=(1,)).item()`. @internal */
export function randint1(low: number, high: number, g?: Generator): number {
  return randint(low, high, [1], { generator: g }).item() as number;
}

/** `torch.randperm(n).tolist()`. @internal */
export function randpermList(n: number, g?: Generator): number[] {
  return Array.from(randperm(n, { generator: g }).dataSync(), Number);
}
