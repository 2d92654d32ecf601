// The package's public surface beside its `backprop` command (dist/main.js): the two commands as
// commander commands, to mount under a program of your own. Importing this file runs nothing.
export { graphCommand } from './graph.ts';
export { trainCommand } from './train.ts';
