import { defineConfig } from 'tsup';
import { kindlingPreset } from '../../tsup.config.base';

// keepNames: module reprs and state-dict errors print the class name (`Linear(...)`), which
// esbuild would otherwise rename for self-referencing classes (`_Sequential`).
export default defineConfig({ ...kindlingPreset(), keepNames: true });
