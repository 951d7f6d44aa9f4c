import { defineConfig } from 'tsup';
import { kindlingPreset } from '../../tsup.config.base';

export default defineConfig(kindlingPreset({ index: 'src/index.ts', testing: 'src/testing/index.ts' }));
