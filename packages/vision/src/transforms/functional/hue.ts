import { ones, stack, type Tensor, TorchTypeError, ValueError, where } from '@kindling/core';
import { numChannels } from './planes.js';

/** torchvision's `_rgb2hsv`, op for op, on float [..., 3, H, W] in [0, 1]. */
function rgbToHsv(img: Tensor): Tensor {
  const [r, g, b] = img.unbind(-3) as [Tensor, Tensor, Tensor];
  const maxc = img.amax(-3);
  const minc = img.amin(-3);
  const eqc = maxc.eq(minc);
  const cr = maxc.sub(minc);
  const one = ones(maxc.shape, { dtype: maxc.dtype });
  const s = cr.div(where(eqc, one, maxc));
  const crDivisor = where(eqc, one, cr);
  const rc = maxc.sub(r).div(crDivisor);
  const gc = maxc.sub(g).div(crDivisor);
  const bc = maxc.sub(b).div(crDivisor);
  const hr = maxc.eq(r).mul(bc.sub(gc));
  const hg = maxc.eq(g).logicalAnd(maxc.ne(r)).mul(rc.sub(bc).add(2.0));
  const hb = maxc.ne(g).logicalAnd(maxc.ne(r)).mul(gc.sub(rc).add(4.0));
  const h = hr.add(hg).add(hb).div(6.0).add(1.0).fmod(1.0);
  return stack([h, s, maxc], -3);
}

/** torchvision's `_hsv2rgb`: picks one of six channel arrangements by the hue sector. */
function hsvToRgb(img: Tensor): Tensor {
  const [h, s, v] = img.unbind(-3) as [Tensor, Tensor, Tensor];
  const i = h.mul(6.0).floor();
  const f = h.mul(6.0).sub(i);
  const sector = i.to('int32').remainder(6);
  const p = v.mul(s.neg().add(1.0)).clamp(0.0, 1.0);
  const q = v.mul(s.mul(f).neg().add(1.0)).clamp(0.0, 1.0);
  const t = v.mul(s.mul(f.neg().add(1.0)).neg().add(1.0)).clamp(0.0, 1.0);
  const choose = (xs: Tensor[]) => {
    let out = xs[0]!.mul(sector.eq(0).to(img.dtype));
    for (let k = 1; k < 6; k++) out = out.add(xs[k]!.mul(sector.eq(k).to(img.dtype)));
    return out;
  };
  return stack([choose([v, q, p, p, t, v]), choose([t, v, v, q, p, p]), choose([p, p, t, v, v, q])], -3);
}

/**
 * `F.adjust_hue`: rotates the hue by `hueFactor` turns (in [-0.5, 0.5]) through an HSV round trip;
 * uint8 images are converted to [0, 1] and back (truncating), 1-channel images are returned as is.
 */
export function adjustHue(img: Tensor, hueFactor: number): Tensor {
  if (!(hueFactor >= -0.5 && hueFactor <= 0.5)) {
    throw new ValueError(`hue_factor (${hueFactor}) is not in [-0.5, 0.5].`);
  }
  const c = numChannels(img);
  if (c !== 1 && c !== 3) {
    throw new TorchTypeError(`Input image tensor permitted channel values are [1, 3], but found ${c}`);
  }
  if (c === 1) return img;
  const isByte = img.dtype === 'uint8';
  const x = isByte ? img.to('float32').div(255.0) : img;
  const [h, s, v] = rgbToHsv(x).unbind(-3) as [Tensor, Tensor, Tensor];
  const rgb = hsvToRgb(stack([h.add(hueFactor).remainder(1.0), s, v], -3));
  return isByte ? rgb.mul(255.0).to('uint8') : rgb;
}
