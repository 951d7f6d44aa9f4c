import { defineConfig } from 'tsup';
import { kindlingPreset } from '../../tsup.config.base';

export default defineConfig(kindlingPreset());
