/**
 * The GPU benchmark's Kindling peer: the CPU bench's workloads (bench/peer-kindling.ts,
 * bench/peer-kindling-cnn.ts) with every tensor created on `device`. Timing and synchronisation are
 * the caller's.
 */
import type { Peer } from './harness.js';
import { matmul, mlp } from './peer-kindling.js';
import { cnnStep, conv2dForward } from './peer-kindling-cnn.js';

/** Kindling with every tensor on `device` ('gpu' here). */
export function kindlingDevicePeer(name: string, device: string): Peer {
  return {
    name,
    prepare(id) {
      if (id.startsWith('matmul-')) return matmul(Number(id.slice('matmul-'.length)), device);
      if (id === 'conv2d-fwd') return conv2dForward(device);
      if (id === 'mlp-step') return mlp(device);
      if (id === 'cnn-step') return cnnStep(device);
      return null;
    },
  };
}
