/** Runs `run` once, `delay` ms after the last schedule(); now() runs it at once. */
export class Deferred {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delay: number,
    private readonly run: () => void,
  ) {}

  schedule(): void {
    this.cancel();
    this.timer = setTimeout(() => this.now(), this.delay);
  }

  now(): void {
    this.cancel();
    this.run();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
