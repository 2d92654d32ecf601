const PLAY_INTERVAL_MS = 900;

/** Play: one step every PLAY_INTERVAL_MS until stopped (the lesson stops it at the end). */
export class Player {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly tick: () => void) {}

  get playing(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    this.stop();
    this.timer = setInterval(this.tick, PLAY_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
