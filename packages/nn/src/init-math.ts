/** Host-side float64 math for `nn.init`: erf, erfinv and a Householder QR. */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The error function in float64 (Python's `math.erf`), accurate to a few ulps. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 3) {
    // erf(x) = 2/√π · e^{-x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation.
    const x2 = ax * ax;
    let term = ax;
    let sum = ax;
    for (let n = 0; n < 200 && term > sum * 1e-17; n++) {
      term *= (2 * x2) / (2 * n + 3);
      sum += term;
    }
    const r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    return x < 0 ? -r : r;
  }
  // erfc by its continued fraction, evaluated bottom-up; converges fast for |x| ≥ 3.
  let k = ax;
  for (let n = 80; n >= 1; n--) k = ax + n / 2 / k;
  const r = 1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * k);
  return x < 0 ? -r : r;
}

/** The inverse error function in float64: a rational first guess polished by Newton steps. */
export function erfinv(y: number): number {
  if (Number.isNaN(y) || Math.abs(y) > 1) return Number.NaN;
  if (Math.abs(y) === 1) return y * Number.POSITIVE_INFINITY;
  // Giles' single-precision approximation as the starting point.
  let w = -Math.log((1 - y) * (1 + y));
  let x: number;
  if (w < 5) {
    w -= 2.5;
    let p = 2.81022636e-8;
    for (const c of [
      3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164,
      0.246640727, 1.50140941,
    ])
      p = c + p * w;
    x = p * y;
  } else {
    w = Math.sqrt(w) - 3;
    let p = -0.000200214257;
    for (const c of [
      0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406,
      2.83297682,
    ])
      p = c + p * w;
    x = p * y;
  }
  for (let i = 0; i < 3; i++) x -= (erf(x) - y) / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
  return x;
}

/**
 * The Q of a thin QR of the row-major m×n matrix `a` (m ≥ n), by Householder reflections in float64,
 * with each column's sign chosen so that R's diagonal is positive (PyTorch's `orthogonal_` fix:
 * `q *= diag(r).sign()`; a zero diagonal zeroes its column there too).
 */
export function householderQR(a: Float64Array, m: number, n: number): Float64Array {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    const x0 = r[k * n + k]!;
    const alpha = x0 > 0 ? -norm : norm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k]!;
    v[0] = x0 - alpha;
    let vn = 0;
    for (let i = 0; i < v.length; i++) vn += v[i]! ** 2;
    if (vn > 0) {
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += v[i - k]! * r[i * n + j]!;
        const s = (2 * dot) / vn;
        for (let i = k; i < m; i++) r[i * n + j]! -= s * v[i - k]!;
      }
    }
    vs.push(v);
    diag[k] = vn > 0 ? alpha : x0;
  }
  // Q = H₀ H₁ … H_{n-1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    let vn = 0;
    for (let i = 0; i < v.length; i++) vn += v[i]! ** 2;
    if (vn === 0) continue;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * q[i * n + j]!;
      const s = (2 * dot) / vn;
      for (let i = k; i < m; i++) q[i * n + j]! -= s * v[i - k]!;
    }
  }
  for (let j = 0; j < n; j++) {
    const sign = Math.sign(diag[j]!);
    for (let i = 0; i < m; i++) q[i * n + j]! *= sign;
  }
  return q;
}
