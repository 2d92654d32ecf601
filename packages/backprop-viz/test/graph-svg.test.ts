import { parseExpression, toDot } from 'backprop';
import { describe, expect, it } from 'vitest';
import { renderGraphSvg } from '../src/index.ts';

const count = (text: string, part: string) => text.split(part).length - 1;

function neuron() {
  const { root, leaves } = parseExpression('tanh(x1*w1 + x2*w2 + b)', {
    x1: 2,
    x2: 0,
    w1: -3,
    w2: 1,
    b: 6.8813735870195432,
  });
  root.label = 'o';
  root.backward();
  return { root, leaves };
}

describe('renderGraphSvg()', () => {
  it('renderGraphSvg() draws every node and edge of the tanh neuron, without the XML prolog', async () => {
    const svg = await renderGraphSvg(toDot(neuron().root));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<?xml');
    expect(svg).not.toContain('<!DOCTYPE');
    // 5 leaves + 5 results are records, 5 ops; 9 operand edges + 5 op → result edges
    expect(count(svg, 'class="node"')).toBe(15);
    expect(count(svg, 'class="edge"')).toBe(14);
    for (const name of ['x1', 'w1', 'x2', 'w2', 'b', 'o']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toContain('>data 2.0000</text>');
    expect(svg).toContain('>grad &#45;1.5000</text>'); // Graphviz writes - as &#45;
    expect(svg).toContain('>tanh</text>');
  });

  it('renderGraphSvg() draws the plain layout of x+x+…+x (200 terms) at its given positions', async () => {
    const { root } = parseExpression(Array.from({ length: 200 }, () => 'x').join('+'), { x: 1 });
    root.backward();
    const dot = toDot(root);
    expect(dot).toContain('layout=nop2');
    const svg = await renderGraphSvg(dot);
    // 200 records and 199 op nodes; x's 200 uses, 198 links of the chain, 199 op → result edges
    expect(count(svg, 'class="node"')).toBe(399);
    expect(count(svg, 'class="edge"')).toBe(200 + 198 + 199);
    expect(svg).toContain('>grad 200.0000</text>'); // x collects one from each of its 200 uses
    // the leaf x (n0) is left of the root (n199), as the DOT placed them
    const left = (id: string) =>
      Number(svg.match(new RegExp(`<g id="${id}" class="node">[^]*?points="(-?[\\d.]+)`))?.[1]);
    expect(left('n0')).toBeLessThan(left('n199'));
  });

  it('renderGraphSvg() keeps the DOT ids, so a page can find a node', async () => {
    const { root } = neuron();
    const svg = await renderGraphSvg(toDot(root, { highlight: root }));
    expect(svg).toContain('<g id="n0" class="node">');
    expect(svg).toContain('<g id="n9_op" class="node">');
    expect(svg).toContain('<g id="n9_in0" class="edge">');
    expect(svg).toContain('fill="#ffe08a"');
  });

  it('renderGraphSvg() says "grads not computed yet" before backward()', async () => {
    const { root } = parseExpression('a*b', { a: 2, b: -3 });
    const svg = await renderGraphSvg(toDot(root));
    expect(svg).toContain('>grads not computed yet: call backward()</text>');
    expect(count(svg, '>grad ?</text>')).toBe(3);
  });

  it('renderGraphSvg() reports DOT that Graphviz cannot read', async () => {
    await expect(renderGraphSvg('digraph { a -> }')).rejects.toThrow(
      /^renderGraphSvg: Graphviz could not render the DOT text: .*syntax error/,
    );
    await expect(renderGraphSvg(42 as unknown as string)).rejects.toThrow(
      'renderGraphSvg: expected DOT text, got number',
    );
  });
});
