/**
 * Node's built-in modules, reached through `process.getBuiltinModule` (as core's `save`/`load` do)
 * so that this package has no static Node import and the umbrella stays loadable in browsers and
 * bundlers; only `numWorkers > 0` needs Node.
 * @module
 */
import type * as NodeModule from 'node:module';
import type * as NodeUrl from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import { RuntimeError } from '@kindling/core';

function builtin<T>(id: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') {
    throw new RuntimeError(
      "DataLoader workers need Node's worker_threads (Node >= 20.16); elsewhere use numWorkers: 0",
    );
  }
  return proc.getBuiltinModule(id) as T;
}

/** `node:worker_threads`. */
export const workerThreads = (): typeof WorkerThreads => builtin('node:worker_threads');
/** `node:module`. */
export const nodeModule = (): typeof NodeModule => builtin('node:module');
/** `node:url`. */
export const nodeUrl = (): typeof NodeUrl => builtin('node:url');
