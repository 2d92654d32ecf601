// The whole state of a lesson lives in the page's query string, so a configuration can be shared
// as a link. Each lesson owns its own keys; `lesson` says which one is showing.

/** The lessons, by the name they carry in the URL (`?lesson=playground`). */
export type LessonName = 'backprop' | 'playground' | 'build';

/** The lesson a URL asks for; the first lesson when it names none or an unknown one. */
export function lessonOf(query: URLSearchParams): LessonName {
  const name = query.get('lesson');
  return name === 'playground' || name === 'build' ? name : 'backprop';
}

/** Replaces the query string (no new history entry: dragging a slider should not fill Back). */
export function writeQuery(lesson: LessonName, params: Iterable<[string, string]>): void {
  const parts = [`lesson=${lesson}`];
  for (const [key, value] of params) parts.push(`${key}=${encodeReadably(value)}`);
  history.replaceState(null, '', `?${parts.join('&')}${location.hash}`);
}

/**
 * encodeURIComponent, but keeping `, ; : / =` readable: `expr=tanh(x*w)&set=x=2,w=-3`.
 * `+` stays escaped, since a query string reads a bare `+` as a space.
 */
function encodeReadably(value: string): string {
  const readable: Record<string, string> = {
    '%2C': ',',
    '%3B': ';',
    '%3A': ':',
    '%2F': '/',
    '%3D': '=',
  };
  return encodeURIComponent(value).replace(/%(2C|3B|3A|2F|3D)/g, (code) => readable[code] ?? code);
}
