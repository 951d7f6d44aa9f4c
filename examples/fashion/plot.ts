/**
 * A minimal line chart rasteriser for training curves: series of values drawn into an RGB image
 * (`[3, H, W]` flat Uint8Array, white background) with axes. No plotting dependency needed.
 */
export interface Series {
  values: readonly number[];
  color: readonly [number, number, number];
}

/** The value range shared by every series of a panel (so curves are comparable). */
export function rangeOf(series: readonly Series[]): [number, number] {
  const all = series.flatMap((s) => s.values);
  return all.length ? [Math.min(...all), Math.max(...all)] : [0, 1];
}

function setPixel(img: Uint8Array, w: number, h: number, x: number, y: number, c: readonly number[]): void {
  if (x < 0 || y < 0 || x >= w || y >= h) return;
  for (let k = 0; k < 3; k++) img[k * w * h + y * w + x] = c[k]!;
}

function line(
  img: Uint8Array,
  w: number,
  h: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  c: readonly number[],
): void {
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
  for (let i = 0; i <= steps; i++) {
    const x = Math.round(x0 + ((x1 - x0) * i) / steps);
    const y = Math.round(y0 + ((y1 - y0) * i) / steps);
    setPixel(img, w, h, x, y, c);
    setPixel(img, w, h, x, y + 1, c);
  }
}

/** Draws each series scaled to its own min..max into a panel of the image. */
export function drawChart(
  img: Uint8Array,
  w: number,
  h: number,
  panel: { x: number; y: number; w: number; h: number },
  series: readonly Series[],
  range: readonly [number, number] = rangeOf(series),
): void {
  const axis = [80, 80, 80] as const;
  const [lo, hi] = range;
  const span = hi - lo || 1;
  line(img, w, h, panel.x, panel.y + panel.h, panel.x + panel.w, panel.y + panel.h, axis);
  line(img, w, h, panel.x, panel.y, panel.x, panel.y + panel.h, axis);
  for (const s of series) {
    const n = s.values.length;
    if (n === 0) continue;
    const px = (i: number) => panel.x + 2 + Math.round(((panel.w - 4) * i) / Math.max(n - 1, 1));
    const py = (v: number) => panel.y + panel.h - 2 - Math.round(((panel.h - 4) * (v - lo)) / span);
    for (let i = 1; i < n; i++)
      line(img, w, h, px(i - 1), py(s.values[i - 1]!), px(i), py(s.values[i]!), s.color);
    if (n === 1) setPixel(img, w, h, px(0), py(s.values[0]!), s.color);
  }
}
