// Stage 3, fuse: the peephole pass that turns a recording's nodes into the tape's rows, folding
// multiply-add chains (a neuron's b + w0·x0 + w1·x1 + …) into one row each.
//
// The rule: a `*` node m folds into the `+` right after it, node m + 1 = acc + m (or m + acc),
// when that `+` is m's only use (one operand, no other node, not an output). Such a sum folds in
// turn into the next one, two nodes later, when it is that one's acc and its only use. Nothing
// else reads the folded nodes' values, loss.backward() would handle them all right after the
// chain's last `+`, and each folded node's grad equals that `+`'s: so the row's forward and
// backward do the same arithmetic in the same order as the nodes did, keeping every bit.

import { ops } from '../engine.ts';
import { codeOf, NODE, opList, type Recording } from './record.ts';

const ADD = codeOf(ops.add);
const MUL = codeOf(ops.mul);

/** Only in a tape, never in a graph: acc + x1·y1 + x2·y2 + …, `*`s fused into the `+`s after them. */
export const DOT = opList.length;
/** Integers per tape row: op code, then up to three operands. */
export const STRIDE = 4;

/** A recording as the tape's loops walk it: rows of {@link STRIDE} integers, fused. */
export interface Rows {
  code: Int32Array;
  terms: Int32Array;
  value: Float64Array;
  inputSlots: Int32Array;
  paramSlots: Int32Array;
  outputSlots: Int32Array;
  lossEnd: number;
}

/** One multiply-add chain: acc + x1·y1 + x2·y2 + …, as nodes of the recording. */
interface Chain {
  /** The node added to first. */
  acc: number;
  /** The `*` nodes, in order; each is followed by its `+`. */
  products: number[];
  /** The chain's last `+`: its row computes the whole chain. */
  last: number;
}

/** The recording's nodes as rows, each multiply-add chain folded into the row of its last `+`. */
export function fuseMultiplyAdds(rec: Recording): Rows {
  const chains = findChains(rec, countUses(rec));
  return emitRows(rec, chains);
}

/** How many times each node is read: as an operand of a later node, or as an output. */
function countUses(rec: Recording): Int32Array {
  const { code } = rec;
  const uses = new Int32Array(rec.value.length);
  const use = (node: number) => {
    uses[node] = (uses[node] ?? 0) + 1;
  };
  for (let i = 0; i < uses.length; i++) {
    const op = code[NODE * i];
    const [a = 0, b = 0] = code.subarray(NODE * i + 1, NODE * i + NODE);
    const arity = opList[op ?? 0]?.arity ?? 0;
    if (arity > 0) use(a);
    // a `**k`'s second number is an exponent's index, not a node
    if (arity > 1) use(b);
  }
  for (const slot of rec.outputSlots) use(slot);
  return uses;
}

/** The chains, in node order: each `+` that folds the `*` before it either starts one or extends the last. */
function findChains(rec: Recording, uses: Int32Array): Chain[] {
  const { code } = rec;
  const chains: Chain[] = [];
  for (let sum = 1; sum < rec.value.length; sum++) {
    const product = sum - 1;
    const [a, b] = [code[NODE * sum + 1], code[NODE * sum + 2]];
    const foldsProduct =
      code[NODE * sum] === ADD &&
      code[NODE * product] === MUL &&
      uses[product] === 1 &&
      (a === product) !== (b === product);
    if (!foldsProduct) continue;
    const acc = (a === product ? b : a) ?? 0;
    // the previous sum of a chain, two nodes back, used only here: this `+` extends that chain
    const chain = chains.at(-1);
    if (chain !== undefined && chain.last === acc && acc === sum - 2 && uses[acc] === 1) {
      chain.products.push(product);
      chain.last = sum;
    } else {
      chains.push({ acc, products: [product], last: sum });
    }
  }
  return chains;
}

/**
 * Writes one row per node that is not folded: a chain becomes a multiply-add row at its last `+`,
 * [DOT, acc, 0, start], whose terms are `terms[start]` = count, then that many pairs x, y.
 */
function emitRows(rec: Recording, chains: readonly Chain[]): Rows {
  const n = rec.value.length;
  // folded nodes: every product, and every sum of a chain but its last
  const folded = new Uint8Array(n);
  const chainAt = new Map<number, Chain>();
  for (const chain of chains) {
    chainAt.set(chain.last, chain);
    for (const m of chain.products) {
      folded[m] = 1;
      if (m + 1 !== chain.last) folded[m + 1] = 1;
    }
  }
  // row[i]: the row of node i (for a folded node, the row of the next row-holding node)
  const row = new Int32Array(n);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    row[i] = rows;
    if (!folded[i]) rows++;
  }
  const rowOf = (node: number | undefined) => row[node ?? 0] ?? 0;

  const { code } = rec;
  const out: Rows = {
    code: new Int32Array(STRIDE * rows),
    terms: new Int32Array(chains.reduce((sum, c) => sum + 1 + 2 * c.products.length, 0)),
    value: new Float64Array(rows),
    inputSlots: rec.inputSlots.map(rowOf),
    paramSlots: rec.paramSlots.map((i) => (i < 0 ? -1 : rowOf(i))),
    outputSlots: rec.outputSlots.map(rowOf),
    lossEnd: rowOf(rec.lossEnd - 1) + 1,
  };
  let nextTerm = 0;
  for (let i = 0; i < n; i++) {
    if (folded[i]) continue;
    const r = rowOf(i);
    out.value[r] = rec.value[i] ?? 0;
    const chain = chainAt.get(i);
    if (chain !== undefined) {
      out.code.set([DOT, rowOf(chain.acc), 0, nextTerm], STRIDE * r);
      out.terms[nextTerm++] = chain.products.length;
      for (const m of chain.products) {
        out.terms[nextTerm++] = rowOf(code[NODE * m + 1]);
        out.terms[nextTerm++] = rowOf(code[NODE * m + 2]);
      }
      continue;
    }
    const [op = 0, a, b = 0] = code.subarray(NODE * i, NODE * i + NODE);
    // operands map to rows; a `**k`'s second number is an exponent's index, not a node
    const binary = opList[op]?.arity === 2;
    out.code.set([op, rowOf(a), binary ? rowOf(b) : b, 0], STRIDE * r);
  }
  return out;
}
