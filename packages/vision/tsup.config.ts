import { defineConfig } from 'tsup';
import { kindlingPreset } from '../../tsup.config.base';

// Two entries: the model zoo is its own subpath so that only its users need @kindling/nn.
export default defineConfig({
  ...kindlingPreset({ index: 'src/index.ts', models: 'src/models/index.ts' }),
  external: ['@kindling/core', '@kindling/nn'],
  keepNames: true,
});
