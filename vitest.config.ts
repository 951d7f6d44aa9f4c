import { defineConfig } from 'vitest/config';

// Tests run from source: the `kindling-source` export condition points every workspace package at src/.
export default defineConfig({
  ssr: { resolve: { conditions: ['kindling-source', 'module', 'node', 'development|production'] } },
  resolve: { conditions: ['kindling-source', 'module', 'node', 'development|production'] },
  test: {
    projects: ['packages/*'],
    testTimeout: 60_000,
  },
});
