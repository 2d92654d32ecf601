// The one DOM call the plots need. A type of its own, so that the published declarations never
// reach Observable Plot's (which need d3's types, which a user of the pictures does not have).

/**
 * The DOM document Plot draws with: the page's `document` in a browser, or any document with
 * `createElementNS`, e.g. linkedom's `parseHTML(…).document` (the default outside browsers).
 */
export interface PlotDocument {
  createElementNS(namespace: string, name: string): unknown;
}
