/**
 * Scalar helpers every kernel may call, in the subset of JavaScript gpu.js translates to GLSL and to
 * WebAssembly. GLSL leaves pow() of a negative base, tanh() of large arguments and min/max with NaN
 * undefined, and computes expm1/log1p naively, so those are written out here.
 */
export const HELPER_SOURCES: readonly string[] = [
  `function kisnan(x) { return x !== x ? 1.0 : 0.0; }`,
  `function kpow(a, b) {
  if (b === 0.0) { return 1.0; }
  if (a === 0.0) { if (b > 0.0) { return 0.0; } return 1.0 / a; }
  if (a < 0.0) {
    const fb = Math.floor(b);
    if (fb !== b) { return (a - a) / (a - a); }
    const r = Math.pow(-a, b);
    if (Math.abs(fb - 2.0 * Math.floor(fb / 2.0)) > 0.5) { return -r; }
    return r;
  }
  return Math.pow(a, b);
}`,
  `function kexpm1(x) {
  if (Math.abs(x) < 0.1) { return x * (1.0 + x * (0.5 + x * (0.16666666666666666 + x * (0.041666666666666664 + x * (0.008333333333333333 + x * 0.001388888888888889))))); }
  return Math.exp(x) - 1.0;
}`,
  `function klog1p(x) {
  if (Math.abs(x) < 0.1) { return x * (1.0 - x * (0.5 - x * (0.3333333333333333 - x * (0.25 - x * (0.2 - x * (0.16666666666666666 - x * 0.14285714285714285)))))); }
  return Math.log(1.0 + x);
}`,
  `function ktanh(x) {
  const ax = Math.abs(x);
  if (ax > 9.0) { return Math.sign(x); }
  const e = kexpm1(2.0 * ax);
  const t = e / (e + 2.0);
  if (x < 0.0) { return -t; }
  return t;
}`,
  `function ksigmoid(x) {
  if (x >= 0.0) { return 1.0 / (1.0 + Math.exp(-x)); }
  const e = Math.exp(x);
  return e / (1.0 + e);
}`,
  `function kerf(x) {
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const z = x * x;
    return 1.1283791670955126 * x * (1.0 - z * (0.3333333333333333 - z * (0.1 - z * (0.023809523809523808 - z * (0.004629629629629629 - z * 0.0007575757575757576)))));
  }
  if (ax > 4.0) { return Math.sign(x); }
  const t = 1.0 / (1.0 + 0.5 * ax);
  const y = t * Math.exp(-ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  if (x < 0.0) { return y - 1.0; }
  return 1.0 - y;
}`,
  `function kerfc(x) {
  const ax = Math.abs(x);
  if (ax < 0.5) { return 1.0 - kerf(x); }
  const t = 1.0 / (1.0 + 0.5 * ax);
  const y = t * Math.exp(-ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  if (x < 0.0) { return 2.0 - y; }
  return y;
}`,
  `function krint(x) {
  const r = Math.floor(x + 0.5);
  if (r - x === 0.5) { if (Math.abs(r - 2.0 * Math.floor(r / 2.0)) > 0.5) { return r - 1.0; } }
  return r;
}`,
  `function kmax(a, b) { if (kisnan(a) > 0.5) { return a; } if (kisnan(b) > 0.5) { return b; } return Math.max(a, b); }`,
  `function kmin(a, b) { if (kisnan(a) > 0.5) { return a; } if (kisnan(b) > 0.5) { return b; } return Math.min(a, b); }`,
  // Integer floor division exact for |values| < 2^24: the float quotient is corrected by its remainder.
  `function kfloordiv(a, b) {
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (b > 0.0) { if (r < 0.0) { q = q - 1.0; } if (r >= b) { q = q + 1.0; } }
  if (b < 0.0) { if (r > 0.0) { q = q - 1.0; } if (r <= b) { q = q + 1.0; } }
  return q;
}`,
  `function ktruncdiv(a, b) {
  const q = kfloordiv(a, b);
  if (q < 0.0 && q * b !== a) { return q + 1.0; }
  return q;
}`,
  `function kwrap256(x) { return x - 256.0 * Math.floor(x / 256.0); }`,
  `function knan() { const z = 0.0; return z / z; }`,
  // WGSL leaves atan2(y, 0) undefined; PyTorch (C's atan2) gives ±π/2, or 0 at the origin.
  `function katan2(a, b) {
  if (b === 0.0) { if (a > 0.0) { return 1.5707963267948966; } if (a < 0.0) { return -1.5707963267948966; } return 0.0; }
  return Math.atan2(a, b);
}`,
  `function kasin(x) {
  const ax = Math.abs(x);
  if (ax > 1.0 || kisnan(x) > 0.5) { return knan(); }
  if (ax === 1.0) { return x * 1.5707963267948966; }
  return Math.atan(x / Math.sqrt((1.0 - x) * (1.0 + x)));
}`,
  `function kacos(x) {
  if (Math.abs(x) > 1.0 || kisnan(x) > 0.5) { return knan(); }
  if (x === -1.0) { return 3.141592653589793; }
  return 2.0 * Math.atan(Math.sqrt((1.0 - x) / (1.0 + x)));
}`,
  // Integers live in float32: bit operations go bit by bit over 24-bit two's complement, exact for
  // |a|, |b| < 2^23 (op 0: and, 1: or, 2: xor). Halving and flooring are exact in float32.
  `function kbitop(a, b, op) {
  let x = a;
  let y = b;
  if (x < 0.0) { x = x + 16777216.0; }
  if (y < 0.0) { y = y + 16777216.0; }
  let r = 0.0;
  let p = 1.0;
  for (let i = 0; i < 24; i++) {
    const hx = Math.floor(x / 2.0);
    const hy = Math.floor(y / 2.0);
    const bx = x - 2.0 * hx;
    const by = y - 2.0 * hy;
    let bit = bx * by;
    if (op === 1.0) { bit = Math.max(bx, by); }
    if (op === 2.0) { bit = Math.abs(bx - by); }
    r = r + bit * p;
    p = p * 2.0;
    x = hx;
    y = hy;
  }
  if (r >= 8388608.0) { r = r - 16777216.0; }
  return r;
}`,
];
