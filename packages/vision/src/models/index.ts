/**
 * @packageDocumentation
 * `@kindling/vision/models`: a model zoo as `torchvision.models` (ResNet-18/34 with torchvision's
 * state-dict names) plus small MNIST-sized CNNs. Needs `@kindling/nn` (an optional peer dependency
 * of `@kindling/vision`, required only by this subpath). No pretrained weights are downloaded:
 * load converted checkpoints with `model.loadStateDict(torch.load(path))`.
 */
export { BasicBlock, ResNet, type ResNetOptions, resnet18, resnet34 } from './resnet.js';
export { LeNet5, SimpleCNN, type SmallCNNOptions } from './small.js';
