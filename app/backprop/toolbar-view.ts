/** Where backward stands, for the toolbar: undefined when there is nothing to step through. */
export interface Progress {
  stepsDone: number;
  total: number;
}

/**
 * The step buttons (Reset, Back, Step, Play/Pause, End) and the step counter. Every button is
 * disabled while there is nothing to step, e.g. while the expression does not parse.
 */
export class ToolbarView {
  private readonly counter: HTMLElement;

  constructor(private readonly element: HTMLElement) {
    this.counter = element.querySelector('.counter') as HTMLElement;
  }

  button(action: 'reset' | 'back' | 'step' | 'play' | 'end'): HTMLButtonElement {
    return this.element.querySelector(`[data-action=${action}]`) as HTMLButtonElement;
  }

  show(progress: Progress | undefined, playing: boolean): void {
    const atStart = progress === undefined || progress.stepsDone === 0;
    const atEnd = progress === undefined || progress.stepsDone === progress.total;
    this.button('reset').disabled = atStart;
    this.button('back').disabled = atStart;
    this.button('step').disabled = atEnd;
    this.button('end').disabled = atEnd;
    this.button('play').disabled = progress === undefined || progress.total === 0;
    this.button('play').textContent = playing ? 'Pause' : 'Play';
    this.button('play').setAttribute('aria-pressed', String(playing));
    this.counter.textContent =
      progress === undefined ? 'No steps' : `Step ${progress.stepsDone} of ${progress.total}`;
  }
}
