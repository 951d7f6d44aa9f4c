import { trainSuite } from './train-suite.js';

// Dawn's OpenGL ES backend on llvmpipe here; skipped with the reason where Dawn finds no adapter.
await trainSuite('webgpu', { mlp: 300, cnn: 150 });
