"""Golden values for @kindling/vision transforms, from torchvision 0.14 on tensor inputs.

Run with Debian's python3-torchvision: /usr/bin/python3 tools/oracle/vision.py
Writes packages/vision/test/fixtures/vision-transforms.json.
"""
import json
import os
import warnings

import numpy as np
import torch
import torchvision.transforms as T
import torchvision.transforms.functional as F

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(__file__), "../../packages/vision/test/fixtures/vision-transforms.json")


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": t.flatten().tolist()}


idx = torch.arange(3 * 9 * 11)
imgf = ((idx * 37) % 101).float().div(100).view(3, 9, 11)
imgu = ((idx * 53 + 7) % 256).to(torch.uint8).view(3, 9, 11)
inputs = {"float": imgf, "uint8": imgu}

cases = []


def case(name, inp, fn, args, out):
    cases.append({"name": name, "input": inp, "fn": fn, "args": args, "output": enc(out)})


for key, img in inputs.items():
    for size in ([5, 7], [13, 17], [6], [4, 20]):
        for aa in (False, True):
            case(f"resize bilinear {size} aa={aa} {key}", key, "resize", {"size": size, "antialias": aa},
                 F.resize(img, size, T.InterpolationMode.BILINEAR, antialias=aa))
        case(f"resize nearest {size} {key}", key, "resize", {"size": size, "interpolation": "nearest"},
             F.resize(img, size, T.InterpolationMode.NEAREST))
    for s in (5, [4, 6], [12, 14]):
        case(f"centerCrop {s} {key}", key, "centerCrop", {"size": s}, F.center_crop(img, s))
    for mode in ("constant", "edge", "reflect", "symmetric"):
        case(f"pad {mode} {key}", key, "pad", {"padding": [1, 2, 3, 4], "fill": 5 if key == "uint8" else 0.5, "mode": mode},
             F.pad(img, [1, 2, 3, 4], 5 if key == "uint8" else 0.5, mode))
    case(f"grayscale {key}", key, "grayscale", {"n": 1}, F.rgb_to_grayscale(img, 1))
    case(f"grayscale3 {key}", key, "grayscale", {"n": 3}, F.rgb_to_grayscale(img, 3))
    for fname, fn in (("brightness", F.adjust_brightness), ("contrast", F.adjust_contrast), ("saturation", F.adjust_saturation)):
        for factor in (0.3, 1.7):
            case(f"{fname} {factor} {key}", key, fname, {"factor": factor}, fn(img, factor))
    for factor in (-0.4, 0.1, 0.5):
        case(f"hue {factor} {key}", key, "hue", {"factor": factor}, F.adjust_hue(img, factor))
    for angle in (30.0, 90.0, -45.0, 12.5):
        case(f"rotate {angle} {key}", key, "rotate", {"angle": angle, "fill": [1, 2, 3]}, F.rotate(img, angle, fill=[1, 2, 3]))
    case(f"crop out of bounds {key}", key, "crop", {"box": [-2, 3, 6, 10]}, F.crop(img, -2, 3, 6, 10))
case("normalize", "float", "normalize", {"mean": [0.5, 0.4, 0.3], "std": [0.2, 0.25, 0.3]},
     F.normalize(imgf, [0.5, 0.4, 0.3], [0.2, 0.25, 0.3]))
case("convert uint8->float", "uint8", "convert", {"dtype": "float32"}, F.convert_image_dtype(imgu, torch.float32))
case("convert float->uint8", "float", "convert", {"dtype": "uint8"}, F.convert_image_dtype(imgf, torch.uint8))
hwc = imgu.permute(1, 2, 0).contiguous()
case("toTensor HWC", "uint8", "toTensor", {}, F.to_tensor(hwc.numpy()))
case("pilToTensor HWC", "uint8", "pilToTensor", {}, F.pil_to_tensor(F.to_pil_image(hwc.numpy())))

random_cases = []
rand_specs = [
    ("hflip", {"p": 0.5}, lambda: T.RandomHorizontalFlip(0.5)),
    ("vflip", {"p": 0.5}, lambda: T.RandomVerticalFlip(0.5)),
    ("randomCrop", {"size": 5, "padding": 2}, lambda: T.RandomCrop(5, padding=2)),
    ("randomCrop", {"size": [12, 14], "padIfNeeded": True, "paddingMode": "edge"},
     lambda: T.RandomCrop([12, 14], pad_if_needed=True, padding_mode="edge")),
    ("randomResizedCrop", {"size": 6}, lambda: T.RandomResizedCrop(6)),
    ("randomResizedCrop", {"size": [5, 4], "scale": [0.5, 0.9], "ratio": [0.5, 2.0], "antialias": True},
     lambda: T.RandomResizedCrop([5, 4], scale=(0.5, 0.9), ratio=(0.5, 2.0), antialias=True)),
    ("randomRotation", {"degrees": 45}, lambda: T.RandomRotation(45)),
    ("colorJitter", {"brightness": 0.4, "contrast": 0.4, "saturation": 0.4},
     lambda: T.ColorJitter(brightness=0.4, contrast=0.4, saturation=0.4)),
    ("colorJitter", {"brightness": [0.5, 1.5], "saturation": 0.8, "hue": 0.3},
     lambda: T.ColorJitter(brightness=(0.5, 1.5), saturation=0.8, hue=0.3)),
]
for key in ("float", "uint8"):
    for name, args, make in rand_specs:
        for seed in (0, 1, 7):
            torch.manual_seed(seed)
            t = make()
            outs = [t(inputs[key]) for _ in range(3)]
            random_cases.append({"name": f"{name} {args} seed={seed} {key}", "transform": name, "args": args,
                                 "seed": seed, "input": key, "outputs": [enc(o) for o in outs]})

with open(OUT, "w") as f:
    json.dump({"inputs": {k: enc(v) for k, v in inputs.items()}, "cases": cases, "random": random_cases}, f)
print(f"wrote {len(cases)} cases and {len(random_cases)} random cases to {OUT}")
