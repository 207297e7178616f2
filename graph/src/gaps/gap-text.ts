/** Wording of gap messages: names first, ids in parentheses, money and months as analysts read them. */

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

export function money(value: number): string {
  return dollars.format(value);
}

export function months(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded} month${rounded === 1 ? '' : 's'}`;
}

/** `Name (id)`, or the bare id when the entity has no name in the graph. */
export function named(name: string | undefined, id: string): string {
  return name && name !== id ? `${name} (${id})` : id;
}

/**
 * `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. `total` (default: all the items) counts
 * items beyond those passed, for a caller that names only the first `max` of a long list.
 */
export function listOf(items: string[], max = 3, total = items.length): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, max);
  const rest = total - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length === 1) return shown[0] as string;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** ` in King County, WA`, or nothing when the graph has no regions. */
export function inPlace(where: string | undefined): string {
  return where === undefined ? '' : ` in ${where}`;
}
