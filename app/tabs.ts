/**
 * Wires a WAI-ARIA tab list: click or Enter selects a tab, arrow keys, Home and End move between
 * tabs, and only the selected tab is in the Tab order (a "roving tabindex").
 */
export function wireTabs(
  tabs: readonly HTMLButtonElement[],
  onSelect: (index: number) => void,
): (index: number) => void {
  const select = (index: number) => {
    tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    });
    onSelect(index);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(i));
    tab.addEventListener('keydown', (event) => {
      const n = tabs.length;
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = tabs[next % n];
      target?.focus();
      select(next % n);
    });
  });
  return select;
}
