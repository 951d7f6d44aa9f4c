import type { Tensor } from '@kindling/core';
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  init,
  Linear,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
} from '@kindling/nn';

/** `torchvision.models.resnet.BasicBlock`: two 3×3 convolutions with a residual connection. */
export class BasicBlock extends Module {
  static readonly expansion = 1;
  conv1: Conv2d;
  bn1: BatchNorm2d;
  relu: ReLU;
  conv2: Conv2d;
  bn2: BatchNorm2d;
  downsample: Sequential | null;

  constructor(inplanes: number, planes: number, stride = 1, downsample: Sequential | null = null) {
    super();
    this.conv1 = new Conv2d(inplanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new BatchNorm2d(planes);
    this.relu = new ReLU();
    this.conv2 = new Conv2d(planes, planes, 3, { stride: 1, padding: 1, bias: false });
    this.bn2 = new BatchNorm2d(planes);
    this.downsample = downsample;
  }

  override forward(x: Tensor): Tensor {
    let out = this.relu.forward(this.bn1.forward(this.conv1.forward(x)));
    out = this.bn2.forward(this.conv2.forward(out));
    const identity = this.downsample ? this.downsample.forward(x) : x;
    return this.relu.forward(out.add(identity));
  }
}

/** Options of the ResNet constructors. */
export interface ResNetOptions {
  /** Size of the classifier's output; default 1000 (ImageNet). */
  numClasses?: number;
  /** Start each residual branch's last BatchNorm at zero (`zero_init_residual`); default false. */
  zeroInitResidual?: boolean;
}

/**
 * `torchvision.models.ResNet` built from `BasicBlock`s. Module names follow torchvision, so
 * `stateDict()` keys are the same (`conv1.weight`, `layer1.0.bn1.running_mean`, `fc.bias`, …) and a
 * torchvision checkpoint converted to safetensors loads with `loadStateDict`.
 */
export class ResNet extends Module {
  conv1: Conv2d;
  bn1: BatchNorm2d;
  relu: ReLU;
  maxpool: MaxPool2d;
  layer1: Sequential;
  layer2: Sequential;
  layer3: Sequential;
  layer4: Sequential;
  avgpool: AdaptiveAvgPool2d;
  fc: Linear;

  constructor(layers: readonly [number, number, number, number], options: ResNetOptions = {}) {
    super();
    const { numClasses = 1000, zeroInitResidual = false } = options;
    let inplanes = 64;
    const makeLayer = (planes: number, blocks: number, stride: number): Sequential => {
      let downsample: Sequential | null = null;
      if (stride !== 1 || inplanes !== planes) {
        downsample = new Sequential(
          new Conv2d(inplanes, planes, 1, { stride, bias: false }),
          new BatchNorm2d(planes),
        );
      }
      const mods: Module[] = [new BasicBlock(inplanes, planes, stride, downsample)];
      inplanes = planes;
      for (let i = 1; i < blocks; i++) mods.push(new BasicBlock(inplanes, planes));
      return new Sequential(...mods);
    };
    this.conv1 = new Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = new BatchNorm2d(64);
    this.relu = new ReLU();
    this.maxpool = new MaxPool2d(3, { stride: 2, padding: 1 });
    this.layer1 = makeLayer(64, layers[0], 1);
    this.layer2 = makeLayer(128, layers[1], 2);
    this.layer3 = makeLayer(256, layers[2], 2);
    this.layer4 = makeLayer(512, layers[3], 2);
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.fc = new Linear(512, numClasses);
    // torchvision's initialisation: He normal (fan_out) for convolutions, BatchNorm at 1 and 0.
    for (const m of this.modules()) {
      if (m instanceof Conv2d) init.kaimingNormal_(m.weight, { mode: 'fan_out', nonlinearity: 'relu' });
      else if (m instanceof BatchNorm2d) {
        init.constant_(m.weight!, 1);
        init.constant_(m.bias!, 0);
      }
    }
    if (zeroInitResidual) {
      for (const m of this.modules()) if (m instanceof BasicBlock) init.constant_(m.bn2.weight!, 0);
    }
  }

  override forward(x: Tensor): Tensor {
    x = this.maxpool.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x))));
    x = this.layer4.forward(this.layer3.forward(this.layer2.forward(this.layer1.forward(x))));
    return this.fc.forward(this.avgpool.forward(x).flatten(1));
  }
}

/**
 * `torchvision.models.resnet18`: ResNet-18 (11.7 M parameters at 1000 classes), randomly
 * initialised (no pretrained download).
 * @example
 * const model = resnet18({ numClasses: 10 });
 * model.eval();
 * model.forward(torch.randn(1, 3, 64, 64)).shape; // [1, 10]
 */
export function resnet18(options: ResNetOptions = {}): ResNet {
  return new ResNet([2, 2, 2, 2], options);
}

/** `torchvision.models.resnet34`: ResNet-34 (BasicBlock ×[3, 4, 6, 3]). */
export function resnet34(options: ResNetOptions = {}): ResNet {
  return new ResNet([3, 4, 6, 3], options);
}
