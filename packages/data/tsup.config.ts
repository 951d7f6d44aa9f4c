import { defineConfig } from 'tsup';
import { kindlingPreset } from '../../tsup.config.base';

// The worker entry is its own file: DataLoader workers start it with `new Worker(url)`. `shims` gives
// the CommonJS build an `import.meta.url` to find it by.
export default defineConfig({
  ...kindlingPreset({ index: 'src/index.ts', worker: 'src/worker.ts' }),
  shims: true,
});
