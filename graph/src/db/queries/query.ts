/**
 * What every query module here shares: a statement is Cypher text plus its parameters (pure,
 * so tests can snapshot it without a database), and Neo4j values are converted to plain
 * JavaScript in one place (`toNumber`, `plain`).
 */
import neo4j from 'neo4j-driver';
import type { Tx } from '../graph-db.ts';

export interface Statement {
  text: string;
  params: Record<string, unknown>;
}

export const statement = (text: string, params: Record<string, unknown> = {}): Statement => ({ text, params });

export function run(tx: Tx, query: Statement) {
  return tx.run(query.text, query.params);
}

/** The one Integer → number conversion (Neo4j returns whole numbers as 64-bit Integers). */
export function toNumber(value: unknown): number {
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  return Number(value);
}

/** Neo4j values to plain JSON: Integers to numbers, dates to ISO strings. */
export function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return toNumber(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    if ('toString' in value && (neo4j.isDateTime(value) || neo4j.isDate(value))) return String(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}
