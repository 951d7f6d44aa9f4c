"""Golden values for @kindling/vision/models: torchvision 0.14 resnet18's state-dict keys and shapes,
and its outputs for weights and inputs given by a closed formula (so nothing large is committed).

Run: /usr/bin/python3 tools/oracle/vision_models.py
Writes packages/vision/test/fixtures/vision-models.json. The formula is repeated in
packages/vision/test/models.test.ts (`formulaValue`).
"""
import json
import math
import os

import torch
import torchvision

OUT = os.path.join(os.path.dirname(__file__), "../../packages/vision/test/fixtures/vision-models.json")


def formula_value(name, k, i, shape):
    s = math.sin(0.37 * i + 1.3 * k)
    if name.endswith("running_var"):
        return 1.0 + 0.5 * s * s
    if name.endswith("running_mean") or name.endswith("bias"):
        return 0.1 * s
    if len(shape) == 1:  # BatchNorm weight
        return 1.0 + 0.1 * s
    fan_in = math.prod(shape[1:])
    return s / math.sqrt(fan_in)


def fill(model):
    sd = model.state_dict()
    for k, (name, t) in enumerate(sd.items()):
        if t.dtype != torch.float32:
            continue
        vals = [formula_value(name, k, i, list(t.shape)) for i in range(t.numel())]
        t.copy_(torch.tensor(vals, dtype=torch.float64).view(t.shape).float())


model = torchvision.models.resnet18(num_classes=10)
keys = [[k, list(v.shape), str(v.dtype).replace("torch.", "")] for k, v in model.state_dict().items()]
fill(model)
n = 2 * 3 * 32 * 32
x = torch.tensor([math.sin(0.11 * i) + 0.5 * math.cos(0.07 * i) for i in range(n)], dtype=torch.float64).float().view(2, 3, 32, 32)
model.eval()
with torch.no_grad():
    eval_out = model(x)
# Train mode: the batch statistics are checked through the running stats they update (the outputs
# themselves are ill-conditioned here: layer4's BatchNorm sees 2 values per channel).
model.train()
with torch.no_grad():
    model(x)
stat_names = ["bn1.running_mean", "layer1.0.bn1.running_mean", "layer3.1.bn2.running_var", "layer4.0.downsample.1.running_var"]
running = {k: model.state_dict()[k].tolist() for k in stat_names}
with open(OUT, "w") as f:
    json.dump({
        "resnet18_keys": keys,
        "eval_output": eval_out.flatten().tolist(),
        "train_running_stats": running,
    }, f)
print("wrote", OUT, eval_out.shape)
