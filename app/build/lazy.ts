// What main.ts imports for lesson 3: a stand-in that loads the lesson (CodeMirror, sucrase, the
// oracles) in its own chunk the first time its tab opens. The other lessons never load any of it.
import { escapeHtml } from '../html.ts';
import type { Lesson } from '../lesson.ts';

export function createBuildLesson(panel: HTMLElement, query: URLSearchParams): Lesson {
  let visible = true;
  let lesson: Lesson | undefined;
  panel.innerHTML = '<p class="hint">Loading the editor…</p>';
  import('./build-lesson.ts')
    .then((module) => {
      lesson = module.createBuildLesson(panel, query);
      if (visible) lesson.show();
    })
    .catch((e: unknown) => {
      panel.innerHTML = `<p class="status-line">Lesson 3 could not load: ${escapeHtml(String(e))}. Reload to try again.</p>`;
    });
  return {
    show: () => {
      visible = true;
      lesson?.show();
    },
    hide: () => {
      visible = false;
      lesson?.hide();
    },
  };
}
