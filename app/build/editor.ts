// The code editor: CodeMirror 6 with TypeScript highlighting. Tab indents; Escape then Tab leaves
// the editor (CodeMirror's tab focus mode), so keyboard users are never trapped in it.

import { indentWithTab, temporarilySetTabFocusMode } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';

export class CodeEditor {
  private readonly view: EditorView;
  private readonly extensions: Extension[];

  constructor(
    private readonly parent: HTMLElement,
    onChange: (text: string) => void,
  ) {
    this.extensions = [
      basicSetup,
      keymap.of([indentWithTab, { key: 'Escape', run: temporarilySetTabFocusMode }]),
      javascript({ typescript: true }),
      lintGutter(),
      EditorView.lineWrapping,
      // an explicit tabindex: axe counts contenteditable as focusable only with one
      EditorView.contentAttributes.of({
        'aria-label': 'Your code for this step',
        tabindex: '0',
      }),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        // no dispatch inside an update: clear the old error mark just after it
        queueMicrotask(() => this.clearError());
        onChange(update.state.doc.toString());
      }),
    ];
    this.view = new EditorView({
      parent,
      state: EditorState.create({ extensions: this.extensions }),
    });
  }

  /** Opens a step's text, with an undo history of its own (Ctrl+Z never brings back another step's code). */
  load(text: string): void {
    this.clearError();
    this.view.setState(EditorState.create({ doc: text, extensions: this.extensions }));
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole text ("show solution", "reset this step"): Ctrl+Z brings the old one back. */
  set text(text: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  /**
   * Marks an error at a 1-based line and column (or a character offset) and scrolls to it. The line
   * number is also kept on the editor's element as data-error-line, for tests and styles.
   */
  markError(message: string, at: { line: number; column?: number } | { offset: number }): void {
    const doc = this.view.state.doc;
    let from: number;
    if ('offset' in at) from = Math.min(at.offset, doc.length);
    else {
      const line = doc.line(Math.min(Math.max(1, at.line), doc.lines));
      from = Math.min(line.from + Math.max(0, (at.column ?? 1) - 1), line.to);
    }
    const line = doc.lineAt(from);
    const to = Math.min(doc.length, Math.max(from + 1, line.to));
    this.view.dispatch(setDiagnostics(this.view.state, [{ from, to, severity: 'error', message }]));
    this.view.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'center' }) });
    this.parent.dataset.errorLine = String(line.number);
  }

  clearError(): void {
    if (this.parent.dataset.errorLine === undefined) return;
    delete this.parent.dataset.errorLine;
    this.view.dispatch(setDiagnostics(this.view.state, []));
  }

  focus(): void {
    this.view.focus();
  }
}
