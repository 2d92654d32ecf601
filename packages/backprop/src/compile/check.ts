// Stage 2, check: compare the recording of a second trace, made with every input changed, with
// the first, and refuse a function whose graph depends on the data (see compile's TSDoc).

import type { Value } from '../engine.ts';
import { NODE, opList, opName, type Recording } from './record.ts';

const advice =
  'the tape replays one fixed graph; build this function with the object engine instead';

/** Throws, naming the first difference, unless the two traces built the same graph. */
export function compareTraces(first: Recording, second: Recording): void {
  compareShapes(first, second);
  compareSlots(first, second);
  compareConstants(first, second, 'compile', advice);
}

// the same number of nodes, each with the same op and operands
function compareShapes(first: Recording, second: Recording): void {
  const n = first.value.length;
  if (second.value.length !== n || second.lossEnd !== first.lossEnd) {
    throw new Error(
      `compile: f built ${n} nodes, then ${second.value.length} when the inputs changed: ` +
        `its graph depends on the data (an if or a loop on .data?); ${advice}`,
    );
  }
  const i = first.code.findIndex((c, k) => c !== second.code[k]);
  if (i >= 0) {
    const node = Math.floor(i / NODE);
    throw new Error(
      `compile: node ${node} was ${nodeText(first, node)}, then ${nodeText(second, node)} when ` +
        `the inputs changed: f's graph depends on the data; ${advice}`,
    );
  }
}

// the same ops on other leaves: inputs or params that traded places, outputs in another order
function compareSlots(first: Recording, second: Recording): void {
  if (first.outputSlots.length !== second.outputSlots.length) {
    throw new Error(
      `compile: f returned ${first.outputSlots.length} outputs, then ` +
        `${second.outputSlots.length} when the inputs changed; ${advice}`,
    );
  }
  const slots = [
    ['inputs', first.inputSlots, second.inputSlots],
    ['params', first.paramSlots, second.paramSlots],
    ['outputs', first.outputSlots, second.outputSlots],
  ] as const;
  for (const [name, was, now] of slots) {
    const j = was.findIndex((slot, k) => slot !== now[k]);
    if (j >= 0) {
      throw new Error(
        `compile: ${name}[${j}] was ${slotText(was[j])}, then ${slotText(now[j])} when the inputs changed: ` +
          `f's graph depends on the data; ${advice}`,
      );
    }
  }
}

/** What compareConstants() reads of a trace: the tape's and the lane tape's recordings alike. */
export interface TracedConstants {
  readonly exponents: readonly number[];
  readonly constants: readonly Value[];
}

/**
 * The same exponents and constants, and no constant shared by both traces (a Value made outside
 * f). Shared with the lane tape: `call` names the caller, `advice` ends the messages, and `remedy`
 * says what to use instead of a number read from `.data`.
 */
export function compareConstants(
  first: TracedConstants,
  second: TracedConstants,
  call: string,
  advice: string,
  remedy = 'Value ops on the inputs',
): void {
  if (first.exponents.some((k, i) => !Object.is(k, second.exponents[i]))) {
    throw new Error(`${call}: an exponent changed when the inputs changed; ${advice}`);
  }
  const seen = new Set(first.constants);
  second.constants.forEach((c, i) => {
    if (seen.has(c)) {
      throw new Error(
        `${call}: f uses a Value made outside it (data ${c.data}${c.label ? `, label "${c.label}"` : ''}) ` +
          'that is neither an input nor in params: add it to params to train it, or create it inside f',
      );
    }
    const was = first.constants[i]?.data;
    if (!Object.is(was, c.data)) {
      throw new Error(
        `${call}: constant ${i} was ${was}, then ${c.data} when the inputs changed: f computes ` +
          `a number from an input's .data (or draws a random one); use ${remedy}, or ${advice}`,
      );
    }
  });
}

/** Where an input, a parameter or an output sits, for an error message: `node 4`, `unused`. */
const slotText = (slot: number | undefined) => (slot === -1 ? 'unused' : `node ${slot}`);

/** Node i of a recording for an error message: `tanh of node 3`, `* of nodes 4 and 7`. */
function nodeText(rec: Recording, i: number): string {
  const [op = 0, a, b] = rec.code.subarray(NODE * i, NODE * i + NODE);
  const arity = opList[op]?.arity;
  if (arity === 0) return 'a leaf';
  if (arity === 2) return `${opName(op)} of nodes ${a} and ${b}`;
  return `${opName(op)} of node ${a}`;
}
