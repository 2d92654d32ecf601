export { loadModel, saveModel } from './model-file.ts';
export { readText } from './read-text.ts';
export { writeFileAtomic } from './write-file-atomic.ts';
