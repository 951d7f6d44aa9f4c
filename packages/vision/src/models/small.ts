import type { Tensor } from '@kindling/core';
import { Conv2d, Dropout, Linear, MaxPool2d, Module } from '@kindling/nn';

/** Options of the small classifiers. */
export interface SmallCNNOptions {
  /** Input channels; default 1 (MNIST-like). */
  inChannels?: number;
  /** Output classes; default 10. */
  numClasses?: number;
}

/**
 * LeNet-5 (LeCun et al., 1998) for 28×28 inputs as usually adapted to MNIST: conv 5×5 (padding 2)
 * → ReLU → max-pool → conv 5×5 → ReLU → max-pool → 120 → 84 → classes. Not in torchvision; the
 * layer names (`conv1`, `conv2`, `fc1`, `fc2`, `fc3`) follow the PyTorch tutorials.
 * @example
 * const net = new LeNet5();
 * net.forward(torch.randn(8, 1, 28, 28)).shape; // [8, 10]
 */
export class LeNet5 extends Module {
  conv1: Conv2d;
  conv2: Conv2d;
  pool: MaxPool2d;
  fc1: Linear;
  fc2: Linear;
  fc3: Linear;

  constructor(options: SmallCNNOptions = {}) {
    super();
    const { inChannels = 1, numClasses = 10 } = options;
    this.conv1 = new Conv2d(inChannels, 6, 5, { padding: 2 });
    this.conv2 = new Conv2d(6, 16, 5);
    this.pool = new MaxPool2d(2);
    this.fc1 = new Linear(16 * 5 * 5, 120);
    this.fc2 = new Linear(120, 84);
    this.fc3 = new Linear(84, numClasses);
  }

  override forward(x: Tensor): Tensor {
    x = this.pool.forward(this.conv1.forward(x).relu());
    x = this.pool.forward(this.conv2.forward(x).relu()).flatten(1);
    return this.fc3.forward(this.fc2.forward(this.fc1.forward(x).relu()).relu());
  }
}

/**
 * A small two-block CNN for 28×28 images (MNIST / Fashion-MNIST): [conv 3×3 → ReLU → max-pool] ×2
 * (32 and 64 channels) → 128 → dropout → classes. Reaches ~99% on MNIST in a couple of epochs.
 */
export class SimpleCNN extends Module {
  conv1: Conv2d;
  conv2: Conv2d;
  pool: MaxPool2d;
  fc1: Linear;
  dropout: Dropout;
  fc2: Linear;

  constructor(options: SmallCNNOptions & { dropout?: number } = {}) {
    super();
    const { inChannels = 1, numClasses = 10, dropout = 0.25 } = options;
    this.conv1 = new Conv2d(inChannels, 32, 3, { padding: 1 });
    this.conv2 = new Conv2d(32, 64, 3, { padding: 1 });
    this.pool = new MaxPool2d(2);
    this.fc1 = new Linear(64 * 7 * 7, 128);
    this.dropout = new Dropout(dropout);
    this.fc2 = new Linear(128, numClasses);
  }

  override forward(x: Tensor): Tensor {
    x = this.pool.forward(this.conv1.forward(x).relu());
    x = this.pool.forward(this.conv2.forward(x).relu()).flatten(1);
    return this.fc2.forward(this.dropout.forward(this.fc1.forward(x).relu()));
  }
}
