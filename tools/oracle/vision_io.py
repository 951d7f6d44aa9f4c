"""Small PNG/JPEG fixtures (made with PIL) and what torchvision 0.14's io decodes them to.

Run: /usr/bin/python3 tools/oracle/vision_io.py
Writes packages/vision/test/fixtures/images/* and packages/vision/test/fixtures/vision-io.json.
"""
import json
import os

import numpy as np
import torch
import torchvision.io as io
from PIL import Image

HERE = os.path.dirname(__file__)
DIR = os.path.join(HERE, "../../packages/vision/test/fixtures/images")
os.makedirs(DIR, exist_ok=True)

h, w = 6, 7
grid = np.arange(h * w * 4).reshape(h, w, 4)
rgb = ((grid[..., :3] * 29 + 11) % 256).astype("uint8")
rgba = ((grid * 41 + 3) % 256).astype("uint8")
gray = ((grid[..., 0] * 13) % 256).astype("uint8")
images = {
    "rgb.png": Image.fromarray(rgb, "RGB"),
    "rgba.png": Image.fromarray(rgba, "RGBA"),
    "gray.png": Image.fromarray(gray, "L"),
    "graya.png": Image.fromarray(np.stack([gray, 255 - gray], -1), "LA"),
    "palette.png": Image.fromarray(rgb, "RGB").quantize(5),
    "bits1.png": Image.fromarray(gray > 100),
    "rgb.jpg": Image.fromarray(np.kron(rgb, np.ones((3, 3, 1), dtype="uint8")), "RGB"),
    "gray.jpg": Image.fromarray(np.kron(gray, np.ones((3, 3), dtype="uint8")), "L"),
}
out = {}
modes = {"UNCHANGED": io.ImageReadMode.UNCHANGED, "GRAY": io.ImageReadMode.GRAY, "RGB": io.ImageReadMode.RGB,
         "RGB_ALPHA": io.ImageReadMode.RGB_ALPHA}
for name, img in images.items():
    path = os.path.join(DIR, name)
    img.save(path, quality=95, subsampling=0) if name.endswith(".jpg") else img.save(path)
    out[name] = {}
    for mname, mode in modes.items():
        if name.endswith(".jpg") and mname == "RGB_ALPHA":
            continue
        try:
            t = io.read_image(path, mode)
        except RuntimeError as e:
            out[name][mname] = {"error": str(e)}
            continue
        out[name][mname] = {"shape": list(t.shape), "values": t.flatten().tolist()}
# torchvision 0.14 mis-decodes palette PNGs in UNCHANGED/RGB_ALPHA mode and gives added alpha
# channels the value 1 for low-bit images; for those the reference is PIL's conversion.
pil_ref = {("palette.png", "UNCHANGED"): "RGB", ("palette.png", "RGB_ALPHA"): "RGBA", ("bits1.png", "RGB_ALPHA"): "RGBA"}
for (name, mname), pil_mode in pil_ref.items():
    a = np.asarray(Image.open(os.path.join(DIR, name)).convert(pil_mode)).astype("uint8")
    t = torch.from_numpy(a.copy()).permute(2, 0, 1)
    out[name][mname] = {"shape": list(t.shape), "values": t.flatten().tolist(), "reference": "PIL"}
with open(os.path.join(HERE, "../../packages/vision/test/fixtures/vision-io.json"), "w") as f:
    json.dump(out, f)
print("wrote", list(out))
