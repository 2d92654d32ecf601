// The Web Worker that runs the learner's code, away from the page: one check per worker. The page
// terminates it if it stops making progress (an infinite loop), and starts a new one next time.
import type { CheckRequest, WorkerMessage } from '../protocol.ts';
import { runCheck } from './run-check.ts';

const post = (message: WorkerMessage) => postMessage(message);

addEventListener('message', (event: MessageEvent<CheckRequest>) => {
  post({ kind: 'alive' });
  post({ kind: 'done', outcome: runCheck(event.data, post) });
});
// loaded and listening: the page starts its watchdog now
post({ kind: 'alive' });
