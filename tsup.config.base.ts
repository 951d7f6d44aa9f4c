import { defineConfig, type Options } from 'tsup';

/** The one build preset every package uses: ESM + CJS + .d.ts from src/index.ts (and extra entries). */
export function kindlingPreset(entry: Record<string, string> = { index: 'src/index.ts' }): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: false,
    treeshake: true,
  };
}

export default defineConfig(kindlingPreset());
