/**
 * The type `defaultCollate` turns an item type into.
 * @module
 */
import type { Tensor, TypedArray } from '@kindling/core';

/**
 * The batch type `defaultCollate` makes from items of type `T`: tensors, numbers, booleans, bigints
 * and typed arrays become tensors, strings string arrays, and arrays, objects and Maps are mapped
 * element by element.
 */
export type Collated<T> = T extends Tensor | number | boolean | bigint | TypedArray
  ? Tensor
  : T extends string
    ? string[]
    : T extends Map<infer K, infer V>
      ? Map<K, Collated<V>>
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { [K in keyof T]: Collated<T[K]> }
          : never;
