/** Numbers as people read them, in the current language. */

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export const localeOf = (lang: string) => (lang === 'es' ? 'es-US' : 'en-US');

export function money(lang: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return nf(localeOf(lang), { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(value);
}

export function num(lang: string, value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  // A one-day seminar is 0.02 months: a figure that is not zero never reads as "0".
  if (value !== 0 && Math.abs(value) < 0.5 * 10 ** -digits)
    return nf(localeOf(lang), { maximumSignificantDigits: 1 }).format(value);
  return nf(localeOf(lang), { maximumFractionDigits: digits }).format(value);
}

export function pct(lang: string, part: number | null | undefined, whole: number | null | undefined): string {
  if (part === null || part === undefined || !whole) return '—';
  return nf(localeOf(lang), { style: 'percent', maximumFractionDigits: 0 }).format(part / whole);
}

/** A section 6 figure: a rate as a percent (one decimal), median or pooled earnings as dollars. */
export function indicatorText(lang: string, name: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (name === 'medianEarningsQ2' || name === 'pooledEarningsQ2') return money(lang, value);
  return nf(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}
