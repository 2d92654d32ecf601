// Wiring only: the tabs, and which lesson to build and show. Each lesson lives in its own folder.
import type { BackpropLesson } from './backprop/lesson.ts';
import { createBackpropLesson } from './backprop/lesson.ts';
import { OPEN_EXPRESSION_EVENT, readOpenExpression } from './backprop/open-expression.ts';
import { createBuildLesson } from './build/lazy.ts';
import type { Lesson } from './lesson.ts';
import { createPlaygroundLesson } from './playground/lesson.ts';
import { wireTabs } from './tabs.ts';
import { type LessonName, lessonOf } from './url-state.ts';

const query = new URLSearchParams(location.search);
const first = lessonOf(query);
const names: LessonName[] = ['backprop', 'playground', 'build'];
const builders: Record<LessonName, (panel: HTMLElement, query: URLSearchParams) => Lesson> = {
  backprop: createBackpropLesson,
  playground: createPlaygroundLesson,
  build: createBuildLesson,
};

const built = new Map<LessonName, Lesson>();
let showing: Lesson | undefined;

const tabs = names.map((name) => document.getElementById(`tab-${name}`) as HTMLButtonElement);
const select = wireTabs(tabs, (index) => {
  const name = names[index] as LessonName;
  showing?.hide();
  let lesson = built.get(name);
  if (lesson === undefined) {
    // Only the lesson the link opened starts from the link's state; the other starts fresh.
    const state = name === first ? query : new URLSearchParams();
    lesson = builders[name](document.getElementById(`lesson-${name}`) as HTMLElement, state);
    built.set(name, lesson);
  }
  lesson.show();
  showing = lesson;
});
select(names.indexOf(first));

// Another lesson (the playground's "open its graph") asks lesson 1 to open an expression: switch
// to lesson 1, building it if needed; the lesson that asked is only hidden, its state kept.
window.addEventListener(OPEN_EXPRESSION_EVENT, (event) => {
  const request = readOpenExpression((event as CustomEvent<unknown>).detail);
  select(names.indexOf('backprop'));
  (built.get('backprop') as BackpropLesson).open(request);
});
