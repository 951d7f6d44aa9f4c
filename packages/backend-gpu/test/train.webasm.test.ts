import { trainSuite } from './train-suite.js';

await trainSuite('webasm', { mlp: 300, cnn: 150 });
