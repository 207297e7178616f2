import { describe, expect, it } from 'vitest';
import { isId, oneOf, SCHEDULES } from './vocab.ts';

describe('vocabulary helpers', () => {
  it('validates ids', () => {
    expect(isId('tx-hidalgo')).toBe(true);
    expect(isId('29-2061.00')).toBe(true);
    expect(isId('<img src=x>')).toBe(false);
    expect(isId('')).toBe(false);
    expect(isId(42)).toBe(false);
  });

  it('checks list membership', () => {
    expect(oneOf(SCHEDULES, 'evening')).toBe(true);
    expect(oneOf(SCHEDULES, 'night')).toBe(false);
    expect(oneOf(SCHEDULES, undefined)).toBe(false);
  });
});
