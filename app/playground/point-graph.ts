// "A point's own graph": one training point's loss term through the current network, as an
// expression for lesson 1's parser plus the value of every name in it. Lesson 1 rebuilds the graph
// with the same engine, so stepping backward there gives the gradients this point contributes here.
import { type MLP, parseExpression, trace, type Value } from 'backprop';
import { labelLeaf, lossTermText } from './loss-terms.ts';
import type { PointGraph } from './protocol.ts';
import type { TrainingSession } from './training-session.ts';

/** Graphs with more nodes than this are sent one neuron at a time: lesson 1 draws every node. */
export const MAX_GRAPH_NODES = 150;

/** A neuron by layer (0 = the first hidden layer; the last is the output layer) and index. */
export interface NeuronRef {
  layer: number;
  index: number;
}

/** Leaf names: w2_3_1 is layer 2's neuron 3's weight on input 1; h1_3 is neuron 3 of layer 1's output. */
const weightName = (l: number, j: number, i: number) => `w${l + 1}_${j + 1}_${i + 1}`;
const biasName = (l: number, j: number) => `b${l + 1}_${j + 1}`;
const outputName = (l: number, j: number) => `h${l + 1}_${j + 1}`;

/** Writes neurons as text for the parser, noting the value of every weight and bias it names. */
class TermWriter {
  constructor(
    private readonly model: MLP,
    readonly values: Record<string, number>,
  ) {}

  /** `tanh(w1_1_1*x1 + w1_1_2*x2 + b1_1)`: neuron j of layer l on the inputs `ins`. */
  neuron(l: number, j: number, ins: readonly string[]): string {
    const n = this.model.layers[l]?.neurons[j];
    if (n === undefined) throw new RangeError(`pointGraph: no neuron ${j + 1} in layer ${l + 1}`);
    const terms = ins.map((input, i) => {
      this.values[weightName(l, j, i)] = (n.w[i] as Value).data;
      return `${weightName(l, j, i)}*${input}`;
    });
    this.values[biasName(l, j)] = n.b.data;
    const sum = [...terms, biasName(l, j)].join(' + ');
    return n.activation === 'linear' ? `(${sum})` : `${n.activation}(${sum})`;
  }

  layer(l: number, ins: readonly string[]): string[] {
    return (this.model.layers[l]?.neurons ?? []).map((_, j) => this.neuron(l, j, ins));
  }
}

/**
 * The graph of training point `index`. When the whole network's term has more than
 * MAX_GRAPH_NODES nodes, it is the graph of `neuron` alone (the output layer when not given).
 */
export function pointGraph(
  session: TrainingSession,
  index: number,
  neuron?: NeuronRef,
): PointGraph {
  const { model, kind, train } = session;
  const [x1 = 0, x2 = 0] = train.X[index] as number[];
  const label = train.y[index] as number;
  const inputs = session.featuresOf(x1, x2);
  const pass = perPointPass(session, inputs, label);
  const writer = new TermWriter(model, { y: labelLeaf(kind, label) });
  session.featureNames.forEach((name, i) => {
    writer.values[name] = inputs[i] as number;
  });
  const point = `training point ${index + 1} (x₁ = ${fmt(x1)}, x₂ = ${fmt(x2)}, ${
    kind === 'regression' ? `target ${fmt(label)}` : `class ${label > 0 ? 1 : 0}`
  })`;
  const scope = `its ${kind === 'regression' ? 'squared error' : `${kind} loss`} term, before the batch's 1/n and without the penalties`;
  const found = { gradients: pass.gradients, loss: pass.loss };

  // the whole network, each hidden neuron written out wherever it is used
  let nodes = estimateNodes(session);
  if (nodes <= MAX_GRAPH_NODES * 4) {
    let texts: string[] = [...session.featureNames];
    for (let l = 0; l < model.layers.length; l++) texts = writer.layer(l, texts);
    const expression = lossTermText(kind, texts, label);
    nodes = countNodes(expression, writer.values);
    if (nodes <= MAX_GRAPH_NODES) {
      const note = `The loss of ${point} through the whole network (${model.architecture}): ${scope}. Its grads are what this point adds to each weight's gradient in the playground.`;
      return { expression, values: writer.values, note, ...found, neuron: undefined };
    }
  }
  const limit = `The whole network (${model.architecture}) would be ${nodes} nodes, more than the ${MAX_GRAPH_NODES} drawn at once`;
  return { ...oneNeuron(session, writer, pass, neuron, { point, scope, limit, label }), ...found };
}

/** The graph of one neuron (or of the output layer with the loss), its inputs as leaves. */
function oneNeuron(
  session: TrainingSession,
  writer: TermWriter,
  pass: ReturnType<typeof perPointPass>,
  neuron: NeuronRef | undefined,
  text: { point: string; scope: string; limit: string; label: number },
): Pick<PointGraph, 'expression' | 'values' | 'note' | 'neuron'> {
  const { model, kind } = session;
  const { values } = writer;
  const last = model.layers.length - 1;
  const chosen = neuron ?? { layer: last, index: 0 };
  const l = Math.min(last, Math.max(0, chosen.layer));
  const ins =
    l === 0
      ? [...session.featureNames]
      : (model.layers[l - 1]?.neurons ?? []).map((_, i) => outputName(l - 1, i));
  ins.forEach((name, i) => {
    if (l > 0) values[name] = pass.outputs[l - 1]?.[i] as number;
  });
  if (l === last) {
    return {
      expression: lossTermText(kind, writer.layer(l, ins), text.label),
      values,
      note: `${text.limit}, so this is the output layer alone: the loss of ${text.point} with the last hidden layer's outputs (${ins[0]} …) as leaves, at this point's values; ${text.scope}. The output weights' grads are this point's gradients in the playground.`,
      neuron: { layer: l, index: 0 },
    };
  }
  const j = Math.min((model.layers[l]?.neurons.length ?? 1) - 1, Math.max(0, chosen.index));
  const g = `dL_d${outputName(l, j)}`;
  values[g] = pass.outputGrads[l]?.[j] as number;
  return {
    expression: `${g}*${writer.neuron(l, j, ins)}`,
    values,
    note: `${text.limit}, so this is neuron ${j + 1} of hidden layer ${l + 1} alone for ${text.point}: its inputs (${ins[0]} …) are leaves at this point's values, and ${g} = ${fmt(values[g] as number)} is ∂loss/∂${outputName(l, j)}, what the layers above send back for ${text.scope.slice(4)}. With it, the weights' grads are this point's gradients in the playground.`,
    neuron: { layer: l, index: j },
  };
}

/**
 * About how many nodes the whole network's term has when every hidden neuron is written out where
 * it is used: a neuron with n inputs costs n products, n sums, its activation and its inputs' own.
 */
function estimateNodes(session: TrainingSession): number {
  let perInput = 1;
  for (const layer of session.model.layers) {
    const nin = layer.neurons[0]?.w.length ?? 0;
    perInput = nin * (perInput + 3) + 3;
  }
  const outputs = session.model.layers[session.model.layers.length - 1]?.neurons.length ?? 1;
  return perInput * outputs + 6;
}

/** The number of nodes lesson 1 would draw for an expression. */
function countNodes(expression: string, values: Record<string, number>): number {
  return trace(parseExpression(expression, values).root).nodes.length;
}

/**
 * One point's loss on the object engine: its value, every parameter's gradient by leaf name, and
 * each layer's outputs and their gradients. The model's grads are left as they were (they hold the
 * last step's gradients, which the diagram shows).
 */
function perPointPass(session: TrainingSession, inputs: number[], label: number) {
  const { model } = session;
  const params = model.parameters();
  const saved = params.map((p) => p.grad);
  const layers = session.forwardLayers(inputs);
  const loss = session.term(layers[layers.length - 1] as Value[], label);
  for (const p of params) p.grad = 0;
  loss.backward();
  const gradients: Record<string, number> = {};
  model.layers.forEach((layer, l) => {
    layer.neurons.forEach((n, j) => {
      n.w.forEach((w, i) => {
        gradients[weightName(l, j, i)] = w.grad;
      });
      gradients[biasName(l, j)] = n.b.grad;
    });
  });
  params.forEach((p, i) => {
    p.grad = saved[i] as number;
  });
  return {
    loss: loss.data,
    gradients,
    outputs: layers.map((values) => values.map((v) => v.data)),
    outputGrads: layers.map((values) => values.map((v) => v.grad)),
  };
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(3))).replace('-', '−');
}
