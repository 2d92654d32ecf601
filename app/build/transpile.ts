// The learner's TypeScript → JavaScript, in the browser, with sucrase: types are stripped,
// nothing is type-checked, and every line stays on its line, so errors point at the learner's text.
import { transform } from 'sucrase';
import type { CodeError } from './protocol.ts';

export type Transpiled = { js: string } | { error: CodeError & { offset: number } };

export function transpile(code: string): Transpiled {
  try {
    return { js: transform(code, { transforms: ['typescript'], disableESTransforms: true }).code };
  } catch (e) {
    // sucrase's SyntaxError: "Unexpected token (4:10)", with loc {line, column} (1-based) and pos
    const { message, loc, pos } = e as Error & {
      loc?: { line: number; column: number };
      pos?: number;
    };
    const text = message.replace(/\s*\(\d+:\d+\)$/, '');
    return {
      error: {
        message: `SyntaxError: ${text}`,
        ...(loc ? { line: loc.line, column: loc.column } : {}),
        offset: pos ?? 0,
      },
    };
  }
}
