import { describe, expect, it } from 'vitest';
import { validateOptions } from './mount.ts';

describe('embed options are validated before use', () => {
  it('accepts good options with defaults', () => {
    const v = validateOptions({ region: 'tx-hidalgo', pathway: 'pw-nursing-ladder' });
    expect(v).toEqual({
      ok: true,
      options: expect.objectContaining({
        region: 'tx-hidalgo',
        pathway: 'pw-nursing-ladder',
        view: 'map',
        lang: 'en',
        household: '1A1C',
        apiBase: '',
      }),
    });
  });

  it('names every bad option', () => {
    const v = validateOptions({
      region: '<img src=x onerror=alert(1)>',
      pathway: 'a b',
      view: 'table',
      lang: 'fr',
      household: '9Z',
      apiBase: 'javascript:alert(1)',
      headingLevel: 9,
    });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors).toEqual([
        'region must be an id',
        'pathway must be an id',
        'view must be "map" or "routes"',
        'lang must be "en" or "es"',
        'household must be a household code such as 1A1C',
        'apiBase must be an http(s) origin',
        'heading must be a whole number from 1 to 6',
      ]);
    }
  });

  it('takes a partner id, and refuses anything else', () => {
    const v = validateOptions({ region: 'tx-hidalgo', partner: 'univ-tx' });
    expect(v.ok && v.options.partner).toBe('univ-tx');
    expect(validateOptions({ region: 'tx-hidalgo', partner: '"><script>' })).toEqual({
      ok: false,
      errors: ['partner must be an id'],
    });
  });

  it('requires a region and keeps only the origin of the API base', () => {
    expect(validateOptions({})).toEqual({ ok: false, errors: ['region is required'] });
    const v = validateOptions({ region: 'us', apiBase: 'https://maps.example.org/some/path?x=1' });
    expect(v.ok && v.options.apiBase).toBe('https://maps.example.org');
  });
});
