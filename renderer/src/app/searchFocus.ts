/** The header search box registers itself here so shortcuts anywhere can focus it. */
let input: HTMLInputElement | null = null;

export function registerSearchInput(element: HTMLInputElement | null): void {
  input = element;
}

export function focusSearch(): void {
  input?.focus();
  input?.select();
}
