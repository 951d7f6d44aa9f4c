import { trainSuite } from './train-suite.js';

await trainSuite('headlessgl', { mlp: 300, cnn: 150 });
