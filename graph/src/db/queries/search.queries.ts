/**
 * Search over names, titles, ids and SOC codes with Neo4j's full-text index (`entity_search`,
 * migration V0002). Every word must match (as a word or a prefix); exact id or code matches
 * come first, then Lucene's score.
 */
import neo4j from 'neo4j-driver';
import { BadInputError } from '../../errors.ts';
import { ENTITY_LABELS, type EntityLabel, isEntityLabel } from '../../model/vocabulary.ts';
import type { GraphDb } from '../graph-db.ts';
import { run, statement, toNumber } from './query.ts';

export interface SearchHitRow {
  kind: EntityLabel;
  id: string;
  score: number;
}

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** A Lucene query from free text: each word escaped, required, and matched as a prefix too. */
export function luceneQuery(text: string): string {
  const words = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w.replace(LUCENE_SPECIAL, (c) => `\\${c}`).toLowerCase());
  return words.map((w) => `+(${w} OR ${w}*)`).join(' ');
}

export async function searchEntities(db: GraphDb, text: string, first: number): Promise<SearchHitRow[]> {
  if (typeof text !== 'string' || text.trim().length === 0) throw new BadInputError('text', 'must not be empty');
  if (text.length > 200) throw new BadInputError('text', 'must be at most 200 characters');
  if (!Number.isInteger(first) || first < 1 || first > 100)
    throw new BadInputError('first', 'must be a whole number from 1 to 100');
  return db.read('search', async (tx) => {
    const result = await run(tx, searchQuery(text, first));
    return result.records
      .map((r) => ({ kind: r.get('kind') as string, id: r.get('id') as string, score: toNumber(r.get('score')) }))
      .filter((r): r is SearchHitRow => isEntityLabel(r.kind));
  });
}

/** Exact id or code matches first (score + 100), then Lucene's score; `first` is checked by the caller. */
export const searchQuery = (text: string, first: number) =>
  statement(
    `CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node, score
     WITH node, score,
          CASE WHEN toLower(node.id) = $exact OR toLower(coalesce(node.soc, '')) = $exact
                 OR toLower(coalesce(node.onetSoc, '')) = $exact THEN 1 ELSE 0 END AS exactMatch
     RETURN [l IN labels(node) WHERE l IN $labels][0] AS kind, node.id AS id, score + exactMatch * 100 AS score
     ORDER BY score DESC, id
     LIMIT $first`,
    { query: luceneQuery(text), exact: text.trim().toLowerCase(), labels: [...ENTITY_LABELS], first: neo4j.int(first) },
  );
