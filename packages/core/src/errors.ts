/**
 * Errors carry PyTorch's class names and messages, so a message searched on the web leads to the
 * PyTorch discussion of the same mistake. All extend {@link TorchError}.
 */
export class TorchError extends Error {
  override name = 'TorchError';
}

/** PyTorch's `RuntimeError`: shape mismatches, dtype problems, autograd misuse. */
export class RuntimeError extends TorchError {
  override name = 'RuntimeError';
}

/** PyTorch's `IndexError`: a dim or index out of range. */
export class IndexError extends TorchError {
  override name = 'IndexError';
}

/** PyTorch's `ValueError`. */
export class ValueError extends TorchError {
  override name = 'ValueError';
}

/** PyTorch's `TypeError` (named so that it does not shadow the JS global). */
export class TorchTypeError extends TorchError {
  override name = 'TypeError';
}

/** PyTorch's `NotImplementedError`: no kernel for this op on this device and dtype. */
export class NotImplementedError extends TorchError {
  override name = 'NotImplementedError';
}

/** Python's `KeyError`: a missing or invalid name, e.g. a module attribute or state-dict key. */
export class KeyError extends TorchError {
  override name = 'KeyError';
}
