/**
 * Every string the interface shows comes from a message file (en.json, es.json). Keys are
 * checked by the compiler against en.json; `i18n.test.ts` checks es.json has every key with
 * the same {placeholders}.
 */
import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };

export type MessageKey = keyof typeof en;
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const MESSAGES: Record<Lang, Record<string, string>> = { en, es };

export const isLang = (value: unknown): value is Lang => value === 'en' || value === 'es';

export function translator(lang: Lang): Translate {
  const table = MESSAGES[lang];
  return (key, params) => {
    const template = table[key] ?? en[key] ?? key;
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : template;
  };
}

/** A label for a vocabulary value (`kind.Program`, `support.Childcare`…), or the raw value when unknown. */
export function vocabLabel(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}` as MessageKey;
  return key in en ? t(key) : value;
}

let current: Lang = 'en';
let currentT = translator('en');
/** The app's language (the embed keeps its own per element). */
export function setLang(lang: Lang): void {
  current = lang;
  currentT = translator(lang);
}
export const lang = (): Lang => current;
export const t: Translate = (key, params) => currentT(key, params);
