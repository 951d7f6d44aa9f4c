import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['kindling-source', 'module', 'node', 'development|production'] } },
  resolve: { conditions: ['kindling-source', 'module', 'node', 'development|production'] },
  test: { name: 'backend-gpu', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
