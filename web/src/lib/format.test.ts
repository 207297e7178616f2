import { describe, expect, it } from 'vitest';
import { num } from './format.ts';

describe('num', () => {
  it('rounds to the digits asked for', () => {
    expect(num('en', 12.345)).toBe('12.3');
    expect(num('en', 1.142857, 0)).toBe('1');
    expect(num('es', 1234.5)).toBe('1,234.5');
    expect(num('en', 0)).toBe('0');
  });

  it('never shows a figure that is not zero as 0 (a one-day seminar is 0.02 months)', () => {
    expect(num('en', 0.02)).toBe('0.02');
    expect(num('en', 0.049)).toBe('0.05');
    expect(num('en', -0.02)).toBe('-0.02');
    expect(num('en', 0.3, 0)).toBe('0.3');
    expect(num('en', 0.05)).toBe('0.1');
  });

  it('is a dash for a missing figure', () => {
    expect(num('en', null)).toBe('—');
    expect(num('en', Number.NaN)).toBe('—');
  });
});
