/** What `registerForwardPreHook`/`registerForwardHook` return (`torch.utils.hooks.RemovableHandle`). */
export interface RemovableHandle {
  /** A number unique to this hook. */
  readonly id: number;
  /** Unregisters the hook; calling it twice is harmless. */
  remove(): void;
}

let nextHookId = 0;

/** Adds `fn` to `hooks` and returns the handle that removes it. */
export function addHook<F>(hooks: Map<number, F>, fn: F): RemovableHandle {
  const id = nextHookId++;
  hooks.set(id, fn);
  return { id, remove: () => void hooks.delete(id) };
}
