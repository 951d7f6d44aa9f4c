/**
 * A 3×5 pixel font for digits, '/', '.' and '-': enough for "predicted/true" labels and axis values
 * without shipping a font file.
 */
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001111',
  '/': '001001010100100',
  '.': '000000000000010',
  '-': '000000111000000',
};

/** Draws `text` into an RGB image (`[3, H, W]` as a flat Uint8Array) at (x, y), `scale` pixels per dot. */
export function drawText(
  img: Uint8Array,
  width: number,
  height: number,
  text: string,
  x: number,
  y: number,
  color: readonly [number, number, number],
  scale = 1,
): void {
  let cx = x;
  for (const ch of text) {
    const g = GLYPHS[ch];
    if (g) {
      for (let r = 0; r < 5; r++) {
        for (let c = 0; c < 3; c++) {
          if (g[r * 3 + c] !== '1') continue;
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const px = cx + c * scale + dx;
              const py = y + r * scale + dy;
              if (px < 0 || py < 0 || px >= width || py >= height) continue;
              for (let k = 0; k < 3; k++) img[k * width * height + py * width + px] = color[k]!;
            }
          }
        }
      }
    }
    cx += 4 * scale;
  }
}
