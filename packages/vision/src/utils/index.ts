export { type DrawBoxesOptions, drawBoundingBoxes } from './boxes.js';
export { type MakeGridOptions, makeGrid, saveImage } from './grid.js';
