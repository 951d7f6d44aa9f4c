import { KeyError, TorchTypeError } from '@kindling/core';

/** The options form of `namedParameters`/`namedBuffers`. */
export interface MemberOptions {
  prefix?: string;
  recurse?: boolean;
  removeDuplicate?: boolean;
}

/** Reads `(prefix, recurse, removeDuplicate)` given positionally or as one options object. */
export function memberOptions(prefix: string | MemberOptions, recurse: boolean, removeDuplicate: boolean) {
  if (typeof prefix === 'object') {
    return {
      prefix: prefix.prefix ?? '',
      recurse: prefix.recurse ?? true,
      removeDuplicate: prefix.removeDuplicate ?? true,
    };
  }
  return { prefix, recurse, removeDuplicate };
}

/** PyTorch's checks on a parameter, buffer or module name. */
export function checkMemberName(name: string, kind: string): void {
  if (typeof name !== 'string') {
    throw new TorchTypeError(`${kind} name should be a string. Got ${typeof name}`);
  }
  if (name.includes('.')) throw new KeyError(`${kind} name can't contain "."`);
  if (name === '') throw new KeyError(`${kind} name can't be empty string ""`);
}
