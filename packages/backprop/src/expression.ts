// Text → Values: "tanh(x1*w1 + x2*w2 + b)" becomes the graph a learner would build by hand, with
// every name a labelled leaf. A recursive-descent parser builds the Values as it reads, one grammar
// rule per method:
//
//   expression := term (('+' | '-') term)*
//   term       := unary (('*' | '/') unary)*
//   unary      := '-' unary | power
//   power      := atom (('^' | '**') unary)?         exponent: constant, right-associative
//   atom       := number | name | function '(' expression ')' | '(' expression ')'
//
// Because unary sits below power, -x^2 is -(x^2) and x^-1 is allowed, as in Python.

import { kindOf } from './check.ts';
import { Value } from './engine.ts';

/** The functions an expression may call, each a Value op. */
const FUNCTIONS = ['exp', 'log', 'tanh', 'relu', 'sigmoid'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

/** A parsed expression: its result and its named leaves. */
export interface ParsedExpression {
  /** The expression's value; call `root.backward()` to fill every leaf's grad. */
  root: Value;
  /** One leaf per distinct name, in order of first appearance, labelled with the name. */
  leaves: Map<string, Value>;
}

/**
 * A malformed expression or a missing value. The message's first line says what was expected and
 * what was found; the next two lines show the text with a caret under the problem:
 *
 * ```text
 * expected ')' to close the '(' at column 5, got end of input at column 13
 *   tanh((x1*w1 + b)
 *                   ^
 * ```
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  /** Offset into the text (0-based; `text.length` for the end) where the problem is. */
  readonly position: number;
  /** What would have been valid there, e.g. `')'` or `a value for x2`. */
  readonly expected: string;

  constructor(summary: string, text: string, position: number, expected: string) {
    super(`${summary}\n${pointAt(text, position)}`);
    this.position = position;
    this.expected = expected;
  }
}

/**
 * Parses an arithmetic expression into Values.
 *
 * Syntax: numbers (`2`, `.5`, `1e-3`; one that overflows a double, like `1e309`, is an error), names (`[A-Za-z_][A-Za-z0-9_]*`), `+ - * /`, `^` or `**`
 * with a constant exponent (`x^2`, `x**-1`, `x^(1/2)`), unary minus, parentheses, and the functions
 * exp, log, tanh, relu, sigmoid. Usual precedence; `^` is right-associative and binds tighter than
 * unary minus (`-x^2` is `-(x^2)`). A name used twice is one leaf, so its grad collects both uses.
 *
 * @param values a number for every name. Leave it out to discover the names first: every leaf is
 *   then 0. When it is given, names it lacks are a ParseError (`no value for x2`); extra entries
 *   are ignored.
 * @throws ParseError for malformed text or missing values; TypeError for a value that is not a
 *   finite number.
 *
 * @example
 * const { root, leaves } = parseExpression('tanh(x1*w1 + x2*w2 + b)',
 *   { x1: 2, x2: 0, w1: -3, w2: 1, b: 6.8813735870195432 });
 * root.backward();
 * leaves.get('w1')?.grad; // 1.0000000000000002
 */
export function parseExpression(text: string, values?: Record<string, number>): ParsedExpression {
  if (typeof text !== 'string') {
    throw new TypeError(
      `parseExpression: expected the expression as a string, got ${kindOf(text)}`,
    );
  }
  const parser = new Parser(text, values);
  const root = parser.parse();
  const missing = [...parser.leaves.keys()].filter(
    (name) => values !== undefined && !Object.hasOwn(values, name),
  );
  if (missing.length > 0) {
    const expected = `a value for ${missing.join(', ')}`;
    const position = parser.firstUse.get(missing[0] as string) as number;
    throw new ParseError(`no value for ${missing.join(', ')}`, text, position, expected);
  }
  return { root, leaves: parser.leaves };
}

type Token =
  | { kind: 'number'; text: string; position: number; value: number }
  | { kind: 'name' | 'symbol' | 'unknown' | 'end'; text: string; position: number };

class Parser {
  readonly leaves = new Map<string, Value>();
  readonly firstUse = new Map<string, number>();
  private readonly lexer: Lexer;
  // Set while reading an exponent: Value.pow takes a number, so names are not allowed there.
  private constantOnly = false;
  // How many unary() calls are open: every nesting (a parenthesis, a function, a minus, an
  // exponent) goes through unary(), so this bounds the recursion before the call stack runs out.
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly values: Record<string, number> | undefined,
  ) {
    this.lexer = new Lexer(text);
  }

  parse(): Value {
    if (this.lexer.peek().kind === 'end') this.fail('an expression');
    const root = this.expression();
    if (this.lexer.peek().kind !== 'end') this.fail('an operator or the end of the expression');
    return root;
  }

  private expression(): Value {
    let v = this.term();
    for (let t = this.lexer.peek(); t.text === '+' || t.text === '-'; t = this.lexer.peek()) {
      this.lexer.next();
      v = t.text === '+' ? v.add(this.term()) : v.sub(this.term());
    }
    return v;
  }

  private term(): Value {
    let v = this.unary();
    for (let t = this.lexer.peek(); t.text === '*' || t.text === '/'; t = this.lexer.peek()) {
      this.lexer.next();
      v = t.text === '*' ? v.mul(this.unary()) : v.div(this.unary());
    }
    return v;
  }

  private unary(): Value {
    if (this.depth === MAX_DEPTH) {
      const t = this.lexer.peek();
      throw new ParseError(
        `expression nested more than ${MAX_DEPTH} levels deep at ${this.where(t.position)}`,
        this.text,
        t.position,
        `at most ${MAX_DEPTH} levels of nesting`,
      );
    }
    this.depth++;
    try {
      if (this.lexer.peek().text !== '-') return this.power();
      this.lexer.next();
      const v = this.unary();
      // -3 is the constant -3, not neg applied to a constant 3
      return v.op === '' && v.label === '' ? new Value(-v.data) : v.neg();
    } finally {
      this.depth--;
    }
  }

  private power(): Value {
    const base = this.atom();
    const t = this.lexer.peek();
    if (t.text !== '^' && t.text !== '**') return base;
    this.lexer.next();
    const start = this.lexer.peek().position;
    const outer = this.constantOnly;
    this.constantOnly = true;
    const k = this.unary().data;
    this.constantOnly = outer;
    if (!Number.isFinite(k)) {
      throw new ParseError(
        `expected a finite exponent, got ${k} at ${this.where(start)}`,
        this.text,
        start,
        'a finite exponent',
      );
    }
    return base.pow(k);
  }

  private atom(): Value {
    const t = this.lexer.peek();
    if (t.kind === 'number') {
      this.lexer.next();
      return new Value(t.value);
    }
    if (t.text === '(') {
      this.lexer.next();
      const v = this.expression();
      this.expect(')', `')' to close the '(' at ${this.where(t.position)}`);
      return v;
    }
    if (t.kind !== 'name') this.fail("a number, a name, '(' or '-'");
    this.lexer.next();
    if (isFunction(t.text)) {
      this.expect('(', `'(' after ${t.text}`);
      const v = this.expression();
      this.expect(')', `')' to close ${t.text}(`);
      return v[t.text]();
    }
    if (this.lexer.peek().text === '(') {
      throw new ParseError(
        `unknown function ${t.text} at ${this.where(t.position)}: expected one of ${FUNCTIONS.join(', ')}`,
        this.text,
        t.position,
        `a function: ${FUNCTIONS.join(', ')}`,
      );
    }
    if (this.constantOnly) {
      const expected = 'a constant exponent (numbers only)';
      throw new ParseError(
        `expected ${expected}, got name ${t.text} at ${this.where(t.position)}; ` +
          'for b^x write exp(x*log(b))',
        this.text,
        t.position,
        expected,
      );
    }
    return this.leaf(t.text, t.position);
  }

  /** The leaf for a name: created at its first use, shared by every later one. */
  private leaf(name: string, position: number): Value {
    const existing = this.leaves.get(name);
    if (existing !== undefined) return existing;
    const data =
      this.values !== undefined && Object.hasOwn(this.values, name) ? this.values[name] : 0;
    if (typeof data !== 'number' || !Number.isFinite(data)) {
      throw new TypeError(
        `parseExpression: expected values.${name} to be a finite number, got ${kindOf(data)}`,
      );
    }
    const v = new Value(data, name);
    this.leaves.set(name, v);
    this.firstUse.set(name, position);
    return v;
  }

  private expect(symbol: string, expected: string): void {
    if (this.lexer.peek().text !== symbol) this.fail(expected);
    this.lexer.next();
  }

  private fail(expected: string): never {
    const t = this.lexer.peek();
    const found = tokenName(t);
    // 2x, x y, 2(x+1): a product written without its *
    const missingStar =
      expected.startsWith('an operator') &&
      (t.kind === 'name' || t.kind === 'number' || t.text === '(');
    const hint = missingStar ? '; a product needs *, as in 2*x' : '';
    throw new ParseError(
      `expected ${expected}, got ${found} at ${this.where(t.position)}${hint}`,
      this.text,
      t.position,
      expected,
    );
  }

  private where(position: number): string {
    return locate(this.text, position);
  }
}

// Parentheses, functions, minus signs and exponents nested deeper than this are refused: each
// level takes a few stack frames, and browsers' stacks hold a few thousand levels at most.
const MAX_DEPTH = 1000;

function isFunction(name: string): name is FunctionName {
  return (FUNCTIONS as readonly string[]).includes(name);
}

function tokenName(t: Token): string {
  if (t.kind === 'end') return 'end of input';
  if (t.kind === 'number' || t.kind === 'name') return `${t.kind} ${t.text}`;
  if (t.kind === 'unknown') return `unknown character '${t.text}'`;
  return `'${t.text}'`;
}

/** Splits text into tokens on demand, so errors are reported in the order they appear. */
class Lexer {
  private position = 0;
  private peeked: Token | undefined;

  constructor(private readonly text: string) {}

  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private scan(): Token {
    const { text } = this;
    while (this.position < text.length && /\s/.test(text[this.position] as string)) this.position++;
    const position = this.position;
    if (position === text.length) return { kind: 'end', text: '', position };
    const rest = text.slice(position);
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (number !== null) {
      // 1e and 1e+ lack the exponent's digits (but 2exp(x) is 2 followed by exp)
      const mark = /^[eE](?:[+-]|(?![A-Za-z0-9_]))/.exec(rest.slice(number[0].length));
      if (mark !== null) {
        const bad = rest.slice(0, number[0].length + mark[0].length);
        const at = position + bad.length;
        throw new ParseError(
          `expected digits after ${bad} at ${locate(text, at)}`,
          text,
          at,
          "the exponent's digits",
        );
      }
      const value = Number(number[0]);
      // 1e309 is beyond the largest double: Number() would quietly make it Infinity
      if (value === Number.POSITIVE_INFINITY) {
        throw new ParseError(
          `expected a finite number, got ${number[0]} at ${locate(text, position)}: it overflows a double (the largest is ${Number.MAX_VALUE})`,
          text,
          position,
          'a finite number',
        );
      }
      this.position += number[0].length;
      return { kind: 'number', text: number[0], position, value };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name !== null) {
      this.position += name[0].length;
      return { kind: 'name', text: name[0], position };
    }
    const symbol = rest.startsWith('**') ? '**' : (rest[0] as string);
    if ('+-*/^(),'.includes(symbol) || symbol === '**') {
      this.position += symbol.length;
      return { kind: 'symbol', text: symbol, position };
    }
    // an unknown character: the parser reports it as what it found where it expected something else
    const char = String.fromCodePoint(rest.codePointAt(0) as number);
    this.position += char.length;
    return { kind: 'unknown', text: char, position };
  }
}

/** `column 7`, or `line 2, column 3` when the text has several lines (both 1-based). */
function locate(text: string, position: number): string {
  const { line, column } = lineAndColumn(text, position);
  return text.includes('\n') ? `line ${line + 1}, column ${column + 1}` : `column ${column + 1}`;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split('\n');
  return { line: before.length - 1, column: (before.at(-1) as string).length };
}

/** The line of `text` holding `position`, and under it a caret at that column (tabs kept, so it lines up). */
function pointAt(text: string, position: number): string {
  const { line, column } = lineAndColumn(text, position);
  const lineText = text.split('\n')[line] as string;
  const pad = lineText.slice(0, column).replace(/[^\t]/g, ' ');
  return `  ${lineText}\n  ${pad}^`;
}
