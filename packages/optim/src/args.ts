import { parseArgs } from '@kindling/core';

/**
 * Constructor arguments after the parameters: options positionally in PyTorch's order, or a
 * trailing options object with camelCase names (`new SGD(params, 0.1, { momentum: 0.9 })`).
 */
export type OptimizerArgs<O extends object> = Array<O[keyof O] | Partial<O> | undefined>;

/** Reads {@link OptimizerArgs} into a full options object. */
export function readOptions<O extends object>(
  args: OptimizerArgs<O>,
  names: readonly (keyof O & string)[],
  defaults: O,
  cls: string,
): O {
  return parseArgs<O>(args, names, defaults, cls);
}
