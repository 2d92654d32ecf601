export { loadModel, saveModel } from './model-file.ts';
export { writeFileAtomic } from './write-file-atomic.ts';
