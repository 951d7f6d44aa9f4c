import { trainSuite } from './train-suite.js';

trainSuite('webasm', { mlp: 300, cnn: 150 });
