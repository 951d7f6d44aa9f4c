/**
 * Option names: camelCase in the API, snake_case in state dicts (so they map 1:1 to PyTorch's).
 * Schedulers' capitalised names (`TMax`, `T0`) are not group options, so the plain rule suffices.
 */
export function camelToSnake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The inverse of {@link camelToSnake}: `weight_decay` → `weightDecay`. */
export function snakeToCamel(k: string): string {
  return k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
