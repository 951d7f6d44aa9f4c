/**
 * `torch.utils`: for people coming from PyTorch, `torch.utils.data` is `torch.data`.
 * @module
 */
export * as data from '@kindling/data';
