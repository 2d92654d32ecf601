// Lesson 3, wiring: the learner writes the engine step by step; each Check runs their code in a
// Web Worker against the oracles, and a pass unlocks the next step. Loaded only when its tab opens.
import './build.css';
import type { Lesson } from '../lesson.ts';
import { writeQuery } from '../url-state.ts';
import { moonsPoints } from './checks/8-moons.ts';
import { lectureMlp } from './checks/lecture.ts';
import { CodeEditor } from './editor.ts';
import { LearnerGraphView } from './graph-view.ts';
import { clearProgress, loadProgress, type Progress, saveProgress } from './progress.ts';
import type { Outcome, Source } from './protocol.ts';
import { ResultView } from './result-view.ts';
import { runCheck } from './runner.ts';
import { StepListView, type StepState } from './step-list-view.ts';
import { type Step, type StepId, steps } from './steps/index.ts';
import { template } from './template.ts';
import { TrainingView } from './training-view.ts';
import { transpile } from './transpile.ts';

const stepOf = (id: StepId) => steps.find((s) => s.id === id) as Step;
const numberOf = (step: Step) => (step.bonus ? 'Bonus' : `Step ${steps.indexOf(step) + 1}`);

class BuildLesson implements Lesson {
  private readonly $: <T extends Element>(selector: string) => T;
  private readonly editor: CodeEditor;
  private readonly list: StepListView;
  private readonly result: ResultView;
  private readonly graph: LearnerGraphView;
  private readonly training: TrainingView;
  private progress: Progress = loadProgress();
  private current: Step = steps[0] as Step;
  private running = false;

  constructor(
    private readonly panel: HTMLElement,
    query: URLSearchParams,
  ) {
    panel.innerHTML = template;
    this.$ = <T extends Element>(selector: string) => panel.querySelector(selector) as T;
    this.editor = new CodeEditor(this.$('.bd-editor'), (text) => {
      this.progress.code[this.current.id] = text;
      saveProgress(this.progress);
    });
    this.list = new StepListView(this.$('.bd-steps'), steps, (id) => this.open(stepOf(id)));
    this.result = new ResultView(this.$('.bd-result-body'));
    this.graph = new LearnerGraphView(this.$('.bd-graph'));
    this.training = new TrainingView(
      this.$('.bd-loss'),
      this.$('.bd-boundary canvas'),
      this.$('.bd-reference'),
    );
    this.wire();
    const asked = steps.find((s) => s.id === query.get('step'));
    const resume = steps.find((s) => s.id === this.progress.current);
    const first = [asked, resume].find((s) => s !== undefined && this.stateOf(s.id) !== 'locked');
    this.open(first ?? this.firstOpen());
  }

  show(): void {
    writeQuery('build', [['step', this.current.id]]);
  }

  hide(): void {}

  private wire(): void {
    const button = (action: string) => this.$<HTMLButtonElement>(`[data-action=${action}]`);
    button('check').addEventListener('click', () => void this.check());
    button('solution').addEventListener('click', () => {
      this.editor.text = this.current.solution;
      this.editor.focus();
    });
    button('reset').addEventListener('click', () => {
      this.editor.text = this.current.starter;
      this.editor.focus();
    });
    this.$('.bd-editor').addEventListener('keydown', (event) => {
      const e = event as KeyboardEvent;
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      void this.check();
    });
    this.$('.bd-next').addEventListener('click', () => {
      const next = steps[steps.indexOf(this.current) + 1];
      if (next === undefined) return;
      this.open(next);
      // the button hides: keep the keyboard focus on the page, at the new step's title
      this.$<HTMLElement>('#bd-step-title').focus();
    });
    this.$('.bd-start-over').addEventListener('click', () => {
      if (!confirm('Start over? This clears your code and progress in every step.')) return;
      clearProgress();
      this.progress = loadProgress();
      this.open(steps[0] as Step);
    });
  }

  private stateOf(id: StepId): StepState {
    if (this.progress.passed[id] !== undefined) return 'passed';
    const i = steps.findIndex((s) => s.id === id);
    const before = steps[i - 1];
    return before === undefined || this.progress.passed[before.id] !== undefined
      ? 'open'
      : 'locked';
  }

  private firstOpen(): Step {
    return steps.find((s) => this.stateOf(s.id) === 'open') ?? (steps[0] as Step);
  }

  private open(step: Step): void {
    this.current = step;
    this.progress.current = step.id;
    this.$('.bd-step-number').textContent = numberOf(step);
    this.$('.bd-step-name').textContent = step.title;
    this.$('.bd-text').innerHTML = step.explain;
    this.editor.load(this.progress.code[step.id] ?? step.starter);
    this.result.idle(step, this.stateOf(step.id) === 'passed');
    delete this.$<HTMLElement>('.bd-result').dataset.outcome;
    this.$('.bd-next').toggleAttribute('hidden', true);
    this.showVisual(step);
    this.list.show(step.id, (id) => this.stateOf(id));
    saveProgress(this.progress);
    if (!this.panel.hidden) this.show();
  }

  private showVisual(step: Step): void {
    const training = step.trains === true;
    this.$<HTMLElement>('.bd-graph').hidden = training;
    this.$<HTMLElement>('.bd-training').hidden = !training;
    this.$<HTMLElement>('.bd-boundary').hidden = step.id !== 'moons';
    this.$('.bd-visual-title').textContent =
      step.id === 'moons'
        ? 'Your loss and decision boundary'
        : training
          ? 'Your loss'
          : 'Your graph';
    this.graph.clear();
    if (training) this.training.start(step.id === 'train' ? lectureMlp.zero_grad.losses : []);
    if (step.id === 'moons') {
      this.training.showPoints(moonsPoints);
      this.training.showBoundary(undefined);
    }
  }

  /** The code earlier steps passed with, which this step runs on. */
  private prelude(step: Step): Source[] {
    return step.uses.map((id) => {
      const done = transpile(this.progress.passed[id] ?? stepOf(id).solution);
      return { step: id, js: 'js' in done ? done.js : '', defines: stepOf(id).defines };
    });
  }

  private async check(): Promise<void> {
    if (this.running) return;
    const step = this.current;
    const text = this.editor.text;
    const own = transpile(text);
    if ('error' in own) {
      const { line, column, offset, message } = own.error;
      this.editor.markError(
        message,
        line === undefined ? { offset } : { line, ...(column ? { column } : {}) },
      );
      this.finish(step, text, {
        passed: false,
        summary: 'Your code does not parse.',
        cases: [],
        error: own.error,
      });
      return;
    }
    this.setRunning(true);
    this.result.running();
    this.$<HTMLElement>('.bd-result').dataset.outcome = 'running';
    this.showVisual(step);
    const sources = [...this.prelude(step), { step: step.id, js: own.js, defines: step.defines }];
    const outcome = await runCheck(
      { step: step.id, sources },
      (message) => {
        if (this.current !== step) return;
        if (message.kind === 'loss') this.training.addLoss(message.loss);
        if (message.kind === 'boundary') this.training.showBoundary(message.boundary);
      },
      step.trains,
    );
    this.setRunning(false);
    const { error } = outcome;
    if (this.current === step && error?.line !== undefined && error.step === step.id) {
      this.editor.markError(error.message, {
        line: error.line,
        ...(error.column ? { column: error.column } : {}),
      });
    }
    this.finish(step, text, outcome);
  }

  private finish(step: Step, text: string, outcome: Outcome): void {
    if (outcome.passed) {
      this.progress.passed[step.id] = text;
      saveProgress(this.progress);
    }
    this.list.show(this.current.id, (id) => this.stateOf(id));
    if (this.current !== step) return; // the learner moved on while it ran
    this.result.show(outcome, (id) => `your ${numberOf(stepOf(id as StepId)).toLowerCase()} code`);
    const result = this.$<HTMLElement>('.bd-result');
    result.dataset.outcome = outcome.passed ? 'passed' : 'failed';
    if (outcome.accuracy === undefined) delete result.dataset.accuracy;
    else result.dataset.accuracy = String(outcome.accuracy);
    const next = steps[steps.indexOf(step) + 1];
    this.$('.bd-next').toggleAttribute('hidden', !outcome.passed || next === undefined);
    void this.graph.draw(outcome.graph, step.id !== 'value');
    if (step.id === 'moons') this.training.showBoundary(outcome.boundary);
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.$<HTMLButtonElement>('[data-action=check]').disabled = running;
    this.$('.bd-result').setAttribute('aria-busy', String(running));
  }
}

/** Builds lesson 3 into `panel`, opening the step the URL names (if unlocked) or the last one open. */
export function createBuildLesson(panel: HTMLElement, query: URLSearchParams): Lesson {
  return new BuildLesson(panel, query);
}
