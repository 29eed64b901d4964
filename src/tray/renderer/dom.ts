/** Attributes and event handlers of an element built by {@link element}. */
export interface ElementProps {
  readonly className?: string;
  readonly text?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly onClick?: () => void;
}

/**
 * Creates an element with text and attributes set through the DOM, never through HTML
 * strings, so file names and daemon messages cannot inject markup.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  children: readonly (Node | null)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className !== undefined) {
    node.className = props.className;
  }
  if (props.text !== undefined) {
    node.textContent = props.text;
  }
  for (const [name, value] of Object.entries(props.attributes ?? {})) {
    node.setAttribute(name, value);
  }
  const onClick = props.onClick;
  if (onClick !== undefined) {
    node.addEventListener('click', onClick);
  }
  for (const child of children) {
    if (child !== null) {
      node.append(child);
    }
  }
  return node;
}

/**
 * Creates a button whose `data-focus-key` lets the popup give focus back to the same button
 * after a re-render, so keyboard users keep their place.
 */
export function button(
  label: string,
  focusKey: string,
  onClick: () => void,
  options: { readonly ariaLabel?: string; readonly className?: string } = {},
): HTMLButtonElement {
  return element('button', {
    text: label,
    className: options.className ?? 'button',
    attributes: {
      type: 'button',
      'data-focus-key': focusKey,
      ...(options.ariaLabel === undefined ? {} : { 'aria-label': options.ariaLabel }),
    },
    onClick,
  });
}
