/** The width of a digit in the number fields' 13 px monospace font. */
const MONO_CHAR_PX = 7.9;

/**
 * A slider and a number field for each named leaf. The number field holds the exact value; the
 * slider moves in steps of 0.01 over a range wide enough for the starting value.
 */
export class LeavesView {
  private names: string[] = [];
  /** Each name's slider and number field, found once when built. */
  private inputs = new Map<string, { slider: HTMLInputElement; number: HTMLInputElement }>();

  constructor(
    private readonly element: HTMLElement,
    private readonly onChange: (name: string, value: number) => void,
  ) {}

  /** Rebuilds the controls when the set of names changes; otherwise only updates their values. */
  show(values: ReadonlyMap<string, number>): void {
    const names = [...values.keys()];
    if (names.join('\n') !== this.names.join('\n')) this.build(names, values);
    // every number field as wide as the longest value (6.881373587019543), so the rows line up
    const longest = Math.max(...[...values.values()].map((x) => String(x).length));
    const chars = Math.min(20, Math.max(6, longest));
    this.element.style.setProperty('--number-width', `${Math.ceil(chars * MONO_CHAR_PX) + 16}px`);
    // and every name's column as wide as the longest name (w1_0_1), up to 12 characters
    const name = Math.min(12, Math.max(3, ...names.map((n) => n.length)));
    this.element.style.setProperty('--name-width', `${Math.ceil(name * MONO_CHAR_PX * 1.08)}px`);
    for (const [name, value] of values) {
      const { slider, number } = this.inputs.get(name) ?? {};
      if (number && document.activeElement !== number) number.value = String(value);
      if (slider && document.activeElement !== slider) slider.value = String(value);
    }
  }

  /** No controls, and why. */
  clear(message: string): void {
    this.names = [];
    this.inputs.clear();
    this.element.textContent = message;
  }

  /** Greys the controls out while the expression does not parse: they would change nothing. */
  setDisabled(disabled: boolean): void {
    for (const input of this.element.querySelectorAll('input')) input.disabled = disabled;
  }

  private build(names: string[], values: ReadonlyMap<string, number>): void {
    this.names = names;
    this.inputs.clear();
    this.element.replaceChildren();
    if (names.length === 0) {
      this.element.textContent = 'This expression has no names, only constants.';
      return;
    }
    names.forEach((name, i) => {
      const value = values.get(name) ?? 0;
      const range = Math.max(5, Math.ceil(Math.abs(value) * 2));
      const row = document.createElement('div');
      row.className = 'leaf';
      const id = `leaf-${i}`;
      row.innerHTML = `
        <label for="${id}"></label>
        <input type="range" min="${-range}" max="${range}" step="0.01" />
        <input type="number" id="${id}" step="any" />`;
      const label = row.querySelector('label') as HTMLLabelElement;
      label.textContent = name;
      label.title = name;
      const slider = row.querySelector('input[type=range]') as HTMLInputElement;
      const number = row.querySelector('input[type=number]') as HTMLInputElement;
      slider.setAttribute('aria-label', `${name} (slider)`);
      slider.dataset.leaf = name;
      number.dataset.leaf = name;
      this.inputs.set(name, { slider, number });
      slider.addEventListener('input', () => {
        number.value = slider.value;
        this.onChange(name, Number(slider.value));
      });
      number.addEventListener('input', () => {
        const x = number.valueAsNumber;
        if (!Number.isFinite(x)) return;
        slider.value = String(x);
        this.onChange(name, x);
      });
      this.element.append(row);
    });
  }
}
