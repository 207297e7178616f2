/** Form controls and small pieces shared by the views, all labelled for assistive technology. */
import { type Children, h, nextId } from '../lib/dom.ts';

export interface Option {
  value: string;
  label: string;
}

export function selectField(
  label: string,
  options: Option[],
  value: string | undefined,
  onChange?: (value: string) => void,
  attrs: Record<string, string> = {},
): { wrap: HTMLElement; select: HTMLSelectElement } {
  const id = nextId('f');
  const select = h('select', { attrs: { id, ...attrs } });
  for (const o of options) {
    const option = h('option', { attrs: { value: o.value }, text: o.label });
    if (o.value === (value ?? '')) option.selected = true;
    select.append(option);
  }
  if (onChange) select.addEventListener('change', () => onChange(select.value));
  const wrap = h('div', { class: 'field' }, h('label', { attrs: { for: id }, text: label }), select);
  return { wrap, select };
}

export function inputField(
  label: string,
  attrs: Record<string, string | number | undefined>,
  hint?: string,
): { wrap: HTMLElement; input: HTMLInputElement } {
  const id = nextId('f');
  const hintId = hint ? nextId('hint') : undefined;
  const input = h('input', { attrs: { id, 'aria-describedby': hintId, ...attrs } });
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: id }, text: label }),
    input,
    hint ? h('p', { class: 'hint', attrs: { id: hintId as string }, text: hint }) : null,
  );
  return { wrap, input };
}

export function checkboxGroup(
  legend: string,
  options: Option[],
  checked: Iterable<string>,
  onChange?: (values: string[]) => void,
  className = 'checks',
): { wrap: HTMLFieldSetElement; values: () => string[] } {
  const on = new Set(checked);
  const boxes: HTMLInputElement[] = [];
  const list = h('div', { class: className });
  for (const o of options) {
    const id = nextId('c');
    const box = h('input', { attrs: { type: 'checkbox', id, value: o.value } });
    box.checked = on.has(o.value);
    boxes.push(box);
    list.append(h('div', { class: 'check' }, box, h('label', { attrs: { for: id }, text: o.label })));
  }
  const values = () => boxes.filter((b) => b.checked).map((b) => b.value);
  if (onChange) list.addEventListener('change', () => onChange(values()));
  const wrap = h('fieldset', {}, h('legend', { text: legend }), list);
  return { wrap, values };
}

export function button(
  label: string,
  onClick: (event: MouseEvent) => void,
  props: { class?: string; attrs?: Record<string, string> } = {},
) {
  return h('button', {
    class: props.class ?? 'btn',
    attrs: { type: 'button', ...props.attrs },
    on: { click: onClick },
    text: label,
  });
}

export function section(title: string, level: 'h2' | 'h3', ...children: Children[]): HTMLElement {
  const id = nextId('s');
  return h('section', { attrs: { 'aria-labelledby': id } }, h(level, { attrs: { id }, text: title }), ...children);
}

export function errorBox(message: string): HTMLElement {
  return h('p', { class: 'error', attrs: { role: 'alert' }, text: message });
}

export function loading(message: string): HTMLElement {
  return h('p', { class: 'loading', attrs: { role: 'status' }, text: message });
}

/** A table with a caption, column headers and rows of cells (strings or nodes). */
export function table(caption: string, headers: string[], rows: Children[][], captionHidden = false): HTMLTableElement {
  return h(
    'table',
    { class: 'data' },
    h('caption', { class: captionHidden ? 'sr-only' : undefined, text: caption }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((text) => h('th', { attrs: { scope: 'col' }, text })),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((c) => h('td', {}, c)),
        ),
      ),
    ),
  );
}
