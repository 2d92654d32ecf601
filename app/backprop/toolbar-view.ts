/** Where backward stands, for the toolbar: undefined when there is nothing to step through. */
export interface Progress {
  stepsDone: number;
  total: number;
}

/**
 * The step buttons (Reset, Back, Step, Play/Pause, End) and the step counter. Every button is
 * disabled while there is nothing to step: no graph, or the expression no longer parses (the
 * counter then still says where the greyed-out graph stands).
 */
export class ToolbarView {
  private readonly counter: HTMLElement;

  constructor(private readonly element: HTMLElement) {
    this.counter = element.querySelector('.counter') as HTMLElement;
  }

  button(action: 'reset' | 'back' | 'step' | 'play' | 'end'): HTMLButtonElement {
    return this.element.querySelector(`[data-action=${action}]`) as HTMLButtonElement;
  }

  show(progress: Progress | undefined, playing: boolean, enabled: boolean): void {
    const off = !enabled || progress === undefined;
    const atStart = off || progress.stepsDone === 0;
    const atEnd = off || progress.stepsDone === progress.total;
    this.button('reset').disabled = atStart;
    this.button('back').disabled = atStart;
    this.button('step').disabled = atEnd;
    this.button('end').disabled = atEnd;
    this.button('play').disabled = off || progress.total === 0;
    this.button('play').textContent = playing ? 'Pause' : 'Play';
    this.button('play').setAttribute('aria-pressed', String(playing));
    this.counter.textContent =
      progress === undefined ? 'No steps' : `Step ${progress.stepsDone} of ${progress.total}`;
  }
}
