/** What main.ts needs from a lesson: it is built once, on first view, then shown and hidden. */
export interface Lesson {
  /** Called when its tab is selected: writes its state to the URL (nothing resumes by itself). */
  show(): void;
  /** Called when another tab is selected: pauses whatever runs in the background. */
  hide(): void;
}
