import type { TensorView } from '@kindling/core';
import type { GpuStorage } from './backend.js';
import { type Arg, type GpuBuffer, launch } from './program.js';

/** The buffer behind a view; a storage nobody wrote yet gets zeros. */
export function bufferOf(v: TensorView): GpuBuffer {
  const s = v.storage as GpuStorage;
  if (s.handle === null) s.handle = launch('function() { return 0.0; }', [], Math.max(s.size, 1));
  return s.handle;
}

/**
 * Collects a kernel's arguments while its source is written: every size, stride and offset becomes a
 * scalar argument, so one compiled kernel serves every shape of the same rank and structure.
 */
export class KernelBuilder {
  readonly args: Arg[] = [];
  private readonly lines: string[] = [];
  private tmp = 0;

  /** A new parameter holding `a`; returns its name. */
  arg(a: Arg): string {
    this.args.push(a);
    return `p${this.args.length - 1}`;
  }

  /** A parameter for a view's buffer. */
  buffer(v: TensorView): string {
    return this.arg(bufferOf(v));
  }

  line(s: string): void {
    this.lines.push(s);
  }

  fresh(prefix: string): string {
    return `${prefix}${this.tmp++}`;
  }

  /**
   * Splits the flat index `flat` into one variable per dim of `dims` (row-major), returned by name.
   * Each step corrects the float quotient by its remainder, so the split is exact below 2^24 even where
   * the GPU's division is not correctly rounded.
   */
  unravel(flat: string, dims: readonly number[]): string[] {
    const r = dims.length;
    const names = new Array<string>(r);
    if (r === 0) return names;
    let rest = this.fresh('rs');
    this.line(`let ${rest} = ${flat};`);
    for (let d = r - 1; d >= 1; d--) {
      const n = this.arg(dims[d]!);
      const q = this.fresh('q');
      const m = this.fresh('ix');
      this.line(`let ${q} = Math.floor(${rest} / ${n});`);
      this.line(`let ${m} = ${rest} - ${q} * ${n};`);
      this.line(`if (${m} < 0.0) { ${q} = ${q} - 1.0; ${m} = ${m} + ${n}; }`);
      this.line(`if (${m} >= ${n}) { ${q} = ${q} + 1.0; ${m} = ${m} - ${n}; }`);
      names[d] = m;
      rest = q;
    }
    names[0] = rest;
    return names;
  }

  /** `offset + Σ idx_d * stride_d` with offset and strides as arguments (zero strides left out). */
  address(offset: number, strides: readonly number[], idx: readonly string[]): string {
    const terms = [this.arg(offset)];
    strides.forEach((s, d) => {
      if (s !== 0) terms.push(`${idx[d]} * ${this.arg(s)}`);
    });
    return terms.join(' + ');
  }

  /** The kernel function's source, returning `result`. */
  source(result: string): string {
    const params = this.args.map((_, i) => `p${i}`).join(', ');
    return `function(${params}) {\n  const tid = this.thread.x + 0.0;\n  ${this.lines.join('\n  ')}\n  return ${result};\n}`;
  }

  /** Compiles (once) and runs over `n` output cells. */
  run(result: string, n: number): GpuBuffer {
    return launch(this.source(result), this.args, n);
  }
}
