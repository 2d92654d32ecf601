// Graphviz runs here, off the page's thread: a large graph can take seconds to lay out, and the
// lesson must stay responsive meanwhile. One message in ({ id, dot }), one out ({ id, svg | error }).
import { renderGraphSvg } from 'backprop-viz';
import type { LayoutReply, LayoutRequest } from './layout.ts';

self.addEventListener('message', async (event: MessageEvent<LayoutRequest>) => {
  const { id, dot } = event.data;
  let reply: LayoutReply;
  try {
    reply = { id, svg: await renderGraphSvg(dot) };
  } catch (e) {
    reply = { id, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(reply);
});
