import { describe, expect, it } from 'vitest';
import { ParseError, parseExpression } from '../src/index.ts';
import { close, type GoldenCase, goldenCases } from './golden-cases.ts';

/** Runs parseExpression and returns the ParseError it throws. */
function parseError(text: string, values?: Record<string, number>): ParseError {
  try {
    parseExpression(text, values);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

/** The column the caret points at, read back from the message's last two lines. */
function caretColumn(error: ParseError): number {
  const lines = error.message.split('\n');
  return (lines.at(-1) as string).indexOf('^') - 2;
}

describe('parseExpression() values and grads against hand formulas', () => {
  it('parseExpression() on the tanh neuron gives the lecture numbers', () => {
    const { root, leaves } = parseExpression('tanh(x1*w1 + x2*w2 + b)', {
      x1: 2,
      x2: 0,
      w1: -3,
      w2: 1,
      b: 6.8813735870195432,
    });
    root.backward();
    const n = 2 * -3 + 0 * 1 + 6.8813735870195432;
    const dn = 1 - Math.tanh(n) ** 2; // do/dn
    expect(root.data).toBeCloseTo(Math.tanh(n), 14);
    expect([...leaves.keys()]).toEqual(['x1', 'w1', 'x2', 'w2', 'b']);
    expect(leaves.get('x1')?.grad).toBeCloseTo(-3 * dn, 14);
    expect(leaves.get('w1')?.grad).toBeCloseTo(2 * dn, 14);
    expect(leaves.get('x2')?.grad).toBeCloseTo(1 * dn, 14);
    expect(leaves.get('w2')?.grad).toBeCloseTo(0, 14);
    expect(leaves.get('b')?.grad).toBeCloseTo(dn, 14);
  });

  it('parseExpression() gives each name a leaf labelled with it, shared by every use', () => {
    const { root, leaves } = parseExpression('a*a + a', { a: 3 });
    expect(leaves.size).toBe(1);
    const a = leaves.get('a');
    expect(a?.label).toBe('a');
    expect(a?.op).toBe('');
    root.backward();
    expect(root.data).toBe(12);
    expect(a?.grad).toBe(2 * 3 + 1); // d(a² + a)/da = 2a + 1
  });

  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 - 3 - 4', -5],
    ['8 / 4 / 2', 1],
    ['2 ^ 3 ^ 2', 512],
    ['2 ** 3 ** 2', 512],
    ['-2^2', -4],
    ['-2**2', -4],
    ['(-2)^2', 4],
    ['2^-1', 0.5],
    ['2^-2^2', 1 / 16],
    ['--3', 3],
    ['2 * -3', -6],
    ['.5 + 1e-3 + 2.', 2.501],
    ['1.5E+2 - 1e2', 50],
    ['4^(1/2)', 2],
    ['8^(2/3)', 4],
  ])('parseExpression(%j) follows the usual precedence: %d', (text, want) => {
    expect(parseExpression(text).root.data).toBeCloseTo(want, 12);
  });

  it('parseExpression() reads -x^2 as -(x^2)', () => {
    const { root, leaves } = parseExpression('-x^2', { x: 3 });
    expect(root.op).toBe('neg');
    expect(root.children[0]?.op).toBe('**2');
    root.backward();
    expect(root.data).toBe(-9);
    expect(leaves.get('x')?.grad).toBe(-6); // d(-x²)/dx = -2x
  });

  it('parseExpression() takes constant exponents, negative or computed', () => {
    const inverse = parseExpression('x**-1', { x: 4 });
    inverse.root.backward();
    expect(inverse.root.op).toBe('**-1');
    expect(inverse.leaves.get('x')?.grad).toBe(-1 / 16); // d(1/x)/dx = -1/x²

    const root = parseExpression('x^(1/2)', { x: 9 });
    root.root.backward();
    expect(root.root.op).toBe('**0.5');
    expect(root.root.data).toBe(3);
    expect(root.leaves.get('x')?.grad).toBeCloseTo(1 / 6, 15); // 1 / (2√x)
  });

  it('parseExpression() calls exp, log, tanh, relu and sigmoid', () => {
    const x = 0.7;
    const sigmoid = 1 / (1 + Math.exp(-x));
    const cases: [string, number, number][] = [
      ['exp(x)', Math.exp(x), Math.exp(x)],
      ['log(x)', Math.log(x), 1 / x],
      ['tanh(x)', Math.tanh(x), 1 - Math.tanh(x) ** 2],
      ['relu(x)', x, 1],
      ['relu(-x)', 0, 0],
      ['sigmoid(x)', sigmoid, sigmoid * (1 - sigmoid)],
    ];
    for (const [text, value, grad] of cases) {
      const { root, leaves } = parseExpression(text, { x });
      root.backward();
      expect(root.data, text).toBeCloseTo(value, 14);
      expect(leaves.get('x')?.grad, text).toBeCloseTo(grad, 14);
    }
  });

  it('parseExpression() folds a minus sign on a number into the constant', () => {
    const { root, leaves } = parseExpression('-3');
    expect([root.data, root.op, leaves.size]).toEqual([-3, '', 0]);
    expect(parseExpression('-x', { x: 2 }).root.op).toBe('neg');
  });

  it('parseExpression() without values makes every leaf 0, to discover the names', () => {
    const { leaves } = parseExpression('w*x + b');
    expect([...leaves].map(([name, v]) => [name, v.data])).toEqual([
      ['w', 0],
      ['x', 0],
      ['b', 0],
    ]);
  });

  it('parseExpression() ignores values for names it does not use, and whitespace', () => {
    const { root } = parseExpression(' \tx\n* 2 ', { x: 5, unused: 1 });
    expect(root.data).toBe(10);
  });
});

// PyTorch float64 autograd on expression DAGs (fixtures/README.md): each case is written out
// as text, parsed, and compared value by value and grad by grad.
function caseText(c: GoldenCase): string {
  const nodes = new Map(c.nodes.map((n) => [n.id, n]));
  const text = (arg: string | number): string => {
    if (typeof arg === 'number') return `(${arg})`;
    const n = nodes.get(arg);
    if (n === undefined) return arg; // a leaf name
    const [a, b] = n.args.map(text);
    const infix: Record<string, string> = { add: '+', sub: '-', mul: '*', div: '/' };
    if (n.op in infix) return `(${a} ${infix[n.op]} ${b})`;
    if (n.op === 'neg') return `(-${a})`;
    if (n.op === 'pow') return `(${a}^(${n.k}))`;
    return `${n.op}(${a})`;
  };
  return text(c.out);
}

describe('parseExpression() against PyTorch (golden-grads.json)', () => {
  it.each(goldenCases.map((c) => [c.id, c] as const))('parseExpression() on %s', (_, c) => {
    const { root, leaves } = parseExpression(caseText(c), c.leaves);
    root.backward();
    expect(close(root.data, c.value), `value ${root.data} vs ${c.value}`).toBe(true);
    for (const [name, want] of Object.entries(c.grads)) {
      const got = leaves.get(name)?.grad ?? 0; // a leaf the expression never uses has grad 0
      expect(close(got, want), `grad of ${name}: ${got} vs ${want}`).toBe(true);
    }
  });
});

describe('parseExpression() errors', () => {
  it.each([
    ['', 0, 'an expression', 'expected an expression, got end of input at column 1'],
    ['x +', 3, "a number, a name, '(' or '-'", 'got end of input at column 4'],
    ['x * )', 4, "a number, a name, '(' or '-'", "got ')' at column 5"],
    ['(x + 1', 6, "')' to close the '(' at column 1", 'got end of input at column 7'],
    ['tanh((x + 1)', 12, "')' to close tanh(", 'got end of input'],
    ['exp(x, y)', 5, "')' to close exp(", "got ',' at column 6"],
    ['x)', 1, 'an operator or the end of the expression', "got ')' at column 2"],
    ['2x', 1, 'an operator or the end of the expression', 'a product needs *'],
    ['x y', 2, 'an operator or the end of the expression', 'got name y at column 3'],
    ['x $ y', 2, 'an operator or the end of the expression', "got unknown character '$'"],
    ['foo(x)', 0, 'a function: exp, log, tanh, relu, sigmoid', 'unknown function foo'],
    ['exp + 1', 4, "'(' after exp", "got '+' at column 5"],
    ['x^y', 2, 'a constant exponent (numbers only)', 'got name y at column 3'],
    ['x^(2*y)', 5, 'a constant exponent (numbers only)', 'for b^x write exp(x*log(b))'],
    ['x^(1/0)', 2, 'a finite exponent', 'got Infinity at column 3'],
    ['1e + x', 2, "the exponent's digits", 'expected digits after 1e at column 3'],
    ['3*1e-', 5, "the exponent's digits", 'expected digits after 1e- at column 6'],
    ['x ^^ 2', 3, "a number, a name, '(' or '-'", "got '^' at column 4"],
    ['x*1e309', 2, 'a finite number', 'got 1e309 at column 3: it overflows a double'],
    ['x^1e309', 2, 'a finite number', 'got 1e309 at column 3: it overflows a double'],
    ['2 + 1.8e308', 4, 'a finite number', 'got 1.8e308 at column 5: it overflows a double'],
  ])(
    'parseExpression(%j) throws a ParseError at %i expecting %s',
    (text, position, expected, says) => {
      const error = parseError(text);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ParseError');
      expect(error.position).toBe(position);
      expect(error.expected).toBe(expected);
      expect(error.message.split('\n')[0]).toContain(says);
      expect(caretColumn(error)).toBe(position);
    },
  );

  it('parseExpression() takes the largest double, 1.7976931348623157e308 (IEEE 754), as it is', () => {
    // (2 − 2^−52)·2^1023, written out by hand: the last literal below the overflow
    expect(parseExpression('1.7976931348623157e308').root.data).toBe((2 - 2 ** -52) * 2 ** 1023);
  });

  it('parseExpression() error messages show the text with a caret under the column', () => {
    expect(parseError('tanh(x1*w1 + )').message).toBe(
      [
        "expected a number, a name, '(' or '-', got ')' at column 14",
        '  tanh(x1*w1 + )',
        '               ^',
      ].join('\n'),
    );
  });

  it('parseExpression() on several lines names the line and keeps tabs under the caret', () => {
    const error = parseError('a +\n\tb * )');
    expect(error.position).toBe(9);
    expect(error.message).toBe(
      [
        "expected a number, a name, '(' or '-', got ')' at line 2, column 6",
        '  \tb * )',
        '  \t    ^',
      ].join('\n'),
    );
  });

  it('parseExpression() lists every name without a value and points at the first', () => {
    const error = parseError('x1*w1 + x2*w2 + b', { x1: 2, w1: -3 });
    expect(error.message.split('\n')[0]).toBe('no value for x2, w2, b');
    expect(error.expected).toBe('a value for x2, w2, b');
    expect(error.position).toBe(8);
    expect(caretColumn(error)).toBe(8);
  });

  it('parseExpression() takes 999 nested parentheses and refuses 1,000 with a ParseError', () => {
    const nested = (n: number, inner: string) => `${'('.repeat(n)}${inner}${')'.repeat(n)}`;
    const { root, leaves } = parseExpression(nested(999, 'x * 3'), { x: 2 });
    root.backward();
    expect([root.data, leaves.get('x')?.grad]).toEqual([6, 3]);
    const error = parseError(nested(5000, 'x'), { x: 2 });
    expect(error.message.split('\n')[0]).toBe(
      'expression nested more than 1000 levels deep at column 1001',
    );
    expect(error.position).toBe(1000);
  });

  it('parseExpression() refuses minus signs and functions nested 1,000 deep alike', () => {
    expect(parseError(`${'-'.repeat(3000)}x`).expected).toBe('at most 1000 levels of nesting');
    expect(parseError(`${'exp('.repeat(3000)}x${')'.repeat(3000)}`).position).toBe(4000);
  });

  it('parseExpression() reports a malformed expression before missing values', () => {
    expect(parseError('x + ', {}).expected).toBe("a number, a name, '(' or '-'");
  });

  it('parseExpression() does not take inherited properties as values', () => {
    expect(parseError('constructor + 1', {}).message).toContain('no value for constructor');
  });

  it('parseExpression() rejects values that are not finite numbers, by name', () => {
    expect(() => parseExpression('x + 1', { x: Number.NaN })).toThrow(
      'parseExpression: expected values.x to be a finite number, got number NaN',
    );
    expect(() => parseExpression('x', { x: '3' as unknown as number })).toThrow(
      'expected values.x to be a finite number, got string "3"',
    );
  });

  it('parseExpression() rejects text that is not a string', () => {
    expect(() => parseExpression(3 as unknown as string)).toThrow(
      'parseExpression: expected the expression as a string, got number 3',
    );
  });
});
