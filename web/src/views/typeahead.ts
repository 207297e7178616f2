/**
 * A typeahead instead of a list of every credential or occupation: an input with the ARIA 1.2
 * combobox pattern (role combobox, aria-autocomplete list, aria-expanded, aria-controls and
 * aria-activedescendant over a listbox of options), asking the server's `search` a moment
 * after typing stops, the latest answer only. Keys: Down/Up move through the suggestions,
 * Enter picks one, Escape closes the list (and, when it is already closed, clears the text).
 * `multiTypeahead` keeps several picks as removable chips (a person's held credentials).
 */
import { type Named, suggest } from '../api/queries.ts';
import { t } from '../i18n/i18n.ts';
import { clear, h, nextId } from '../lib/dom.ts';
import { LatestRequest } from '../lib/latest-request.ts';
import type { EntityKind } from '../lib/vocab.ts';

export interface TypeaheadOptions {
  label: string;
  kinds: EntityKind[];
  /** Only what is available in this region (read at every search). */
  regionId?: () => string | undefined;
  value?: Named | null;
  /** Called with the pick, or null when the text is cleared. */
  onChange?: (value: Named | null) => void;
  /** Kept in the input after a pick (single choice) or emptied (several, as chips). */
  keepText?: boolean;
  hint?: string;
  testId?: string;
}

/** Wait this long after the last keystroke before asking. */
export const DEBOUNCE_MS = 200;
const MIN_CHARS = 2;
const SHOWN = 10;

export interface Typeahead {
  wrap: HTMLElement;
  input: HTMLInputElement;
  value(): Named | null;
  set(value: Named | null): void;
  destroy(): void;
}

export function typeahead(options: TypeaheadOptions): Typeahead {
  const id = nextId('ta');
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  let current: Named | null = options.value ?? null;
  let items: Named[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const request = new LatestRequest();

  const input = h('input', {
    attrs: {
      id,
      type: 'text',
      role: 'combobox',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      'aria-describedby': hintId,
      'data-testid': options.testId,
    },
  });
  input.value = options.keepText === false ? '' : (current?.label ?? '');
  const list = h('ul', {
    class: 'typeahead-list',
    attrs: { id: listId, role: 'listbox', 'aria-label': options.label },
  });
  list.hidden = true;
  const status = h('p', { class: 'sr-only', attrs: { role: 'status' } });
  const wrap = h(
    'div',
    { class: 'field typeahead' },
    h('label', { attrs: { for: id }, text: options.label }),
    input,
    list,
    h('p', { class: 'hint', attrs: { id: hintId }, text: options.hint ?? t('typeahead.hint') }),
    status,
  );

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index: number) => {
    active = index;
    for (const [i, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(i === index));
    const option = list.children[index] as HTMLElement | undefined;
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView?.({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const pick = (item: Named) => {
    current = item;
    input.value = options.keepText === false ? '' : item.label;
    close();
    status.textContent = t('typeahead.picked', { label: item.label });
    options.onChange?.(item);
  };
  const render = () => {
    clear(list);
    for (const [i, item] of items.entries()) {
      const li = h('li', {
        class: 'typeahead-option',
        attrs: { id: `${id}-o${i}`, role: 'option', 'aria-selected': 'false', 'data-id': item.id },
        text: item.label,
      });
      // mousedown, not click: picking must happen before the input's blur closes the list.
      li.addEventListener('mousedown', (event) => {
        event.preventDefault();
        pick(item);
      });
      list.append(li);
    }
    if (items.length === 0) {
      list.append(h('li', { class: 'typeahead-empty', attrs: { role: 'presentation' }, text: t('typeahead.none') }));
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
    status.textContent = items.length ? t('typeahead.count', { count: items.length }) : t('typeahead.none');
  };
  const ask = async () => {
    const text = input.value.trim();
    const started = request.start();
    if (text.length < MIN_CHARS) {
      close();
      return;
    }
    try {
      const hits = await suggest(
        text,
        { kinds: options.kinds, regionId: options.regionId?.(), first: SHOWN },
        { signal: started.signal },
      );
      if (!started.current() || document.activeElement !== input) return;
      items = hits;
      render();
    } catch (error) {
      if (!started.current()) return;
      items = [];
      close();
      status.textContent = (error as Error).message;
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    if (input.value.trim() === '' && current && options.keepText !== false) {
      current = null;
      options.onChange?.(null);
    }
    timer = setTimeout(() => void ask(), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && items.length > 0;
    switch (event.key) {
      case 'ArrowDown':
        if (open) highlight(Math.min(active + 1, items.length - 1));
        else {
          clearTimeout(timer);
          void ask();
        }
        break;
      case 'ArrowUp':
        if (!open) return;
        highlight(Math.max(active - 1, 0));
        break;
      case 'Enter': {
        const item = open ? items[active] : undefined;
        // With no suggestion chosen, Enter does what it does in a form: submits it.
        if (!item) return;
        pick(item);
        break;
      }
      case 'Escape':
        if (!list.hidden) close();
        else if (input.value !== '') {
          input.value = '';
          if (current && options.keepText !== false) {
            current = null;
            options.onChange?.(null);
          }
        } else return;
        break;
      default:
        return;
    }
    event.preventDefault();
  });
  input.addEventListener('blur', () => {
    close();
    // Text left that is not the pick's name: the pick stays, and its name comes back.
    if (options.keepText !== false && current && input.value.trim() !== '') input.value = current.label;
  });

  return {
    wrap,
    input,
    value: () => current,
    set: (value) => {
      current = value;
      input.value = options.keepText === false ? '' : (value?.label ?? '');
    },
    destroy: () => {
      clearTimeout(timer);
      request.cancel();
    },
  };
}

export interface MultiTypeahead {
  wrap: HTMLElement;
  values(): string[];
  destroy(): void;
}

/** Several picks: a typeahead that adds each pick to a list of chips with a remove button. */
export function multiTypeahead(options: Omit<TypeaheadOptions, 'value' | 'keepText'> & { values: Named[] }) {
  const picked = new Map(options.values.map((v) => [v.id, v]));
  const chips = h('ul', { class: 'chips', attrs: { 'aria-label': options.label } });
  const renderChips = () => {
    clear(chips);
    for (const item of picked.values()) {
      chips.append(
        h(
          'li',
          { class: 'chip', attrs: { 'data-id': item.id } },
          h('span', { text: item.label }),
          h('button', {
            class: 'chip-remove',
            attrs: { type: 'button', 'aria-label': t('typeahead.remove', { label: item.label }) },
            text: '×',
            on: {
              click: () => {
                picked.delete(item.id);
                renderChips();
                box.input.focus();
                options.onChange?.(null);
              },
            },
          }),
        ),
      );
    }
  };
  const box = typeahead({
    ...options,
    keepText: false,
    onChange: (item) => {
      if (!item) return;
      picked.set(item.id, item);
      renderChips();
      options.onChange?.(item);
    },
  });
  renderChips();
  box.wrap.append(chips);
  return { wrap: box.wrap, values: () => [...picked.keys()], destroy: box.destroy } satisfies MultiTypeahead;
}
