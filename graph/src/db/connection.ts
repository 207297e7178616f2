/** Which Neo4j to talk to: validated once from the environment. */
import neo4j, { type Driver } from 'neo4j-driver';
import { z } from 'zod';

export const neo4jEnvSchema = z.object({
  NEO4J_URI: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s]+$/, 'must be a bolt:// or neo4j:// URI (optionally +s / +ssc)')
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, 'must be a Neo4j database name')
    .optional(),
});
export type Neo4jEnv = z.infer<typeof neo4jEnvSchema>;

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  /** undefined = the server's default database. */
  database?: string;
}

/** Formats zod issues as one line per environment variable. */
export function describeEnvIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`).join('\n');
}

export function createDriver(connection: Neo4jConnection): Driver {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    // Fail fast when the server is gone so /healthz can say so within seconds; the pool
    // reconnects by itself on the next request once the server is back.
    connectionAcquisitionTimeout: 5_000,
    connectionTimeout: 3_000,
    maxTransactionRetryTime: 5_000,
    disableLosslessIntegers: false,
    userAgent: 'pathway-graph/0.1',
    logging: { level: 'warn', logger: (level, message) => process.stderr.write(`neo4j-driver ${level}: ${message}\n`) },
  });
}
