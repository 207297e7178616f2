/**
 * Strict JSON parsing for documents read from disk or HTTP. Published CTDL documents are not
 * always valid JSON (two documents pasted into one file, a comment written as a bare string,
 * a missing comma); such a file must be rejected with a message a person can act on — the file,
 * the line and column, the reason and the text there — never a crash further down.
 */

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  readonly fileLabel: string;
  /** 1-based; undefined when the parser did not say where. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(fileLabel: string, reason: string, line?: number, column?: number) {
    const where = line === undefined ? '' : ` at line ${line}, column ${column ?? 1}`;
    super(`${fileLabel}: not valid JSON${where}: ${reason}`);
    this.fileLabel = fileLabel;
    this.line = line;
    this.column = column;
  }
}

/** Line and column (both 1-based) of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  const column = before.length - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

function excerptAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const endOfLine = text.indexOf('\n', offset);
  const line = text.slice(start, endOfLine === -1 ? undefined : endOfLine).trim();
  if (line === '') return '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** Why the parser stopped, in words, with a hint for the mistakes seen in published files. */
function explain(message: string): string {
  // V8 appends the raw document (`... "{\"a\"..." is not valid JSON`) and, in newer versions,
  // the place; both are said better by us.
  let reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '')
    .replace(/ at position \d+/, '')
    .replace(/^JSON\.parse: /, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  if (/non-whitespace character after JSON/i.test(reason)) {
    reason += ' (the file holds more than one JSON document; put each in its own file or wrap them in an array)';
  } else if (/Expected ',' or '[\]}]' after/i.test(reason)) {
    reason += ' (a comma is missing, or a comment or stray text sits between two values)';
  } else if (/Expected double-quoted property name/i.test(reason)) {
    reason += ' (a trailing comma before } or ], or an unquoted name)';
  }
  return reason;
}

/**
 * `JSON.parse` that throws a {@link JsonSyntaxError} naming `fileLabel` and, when the parser
 * reports it, the line and column. A UTF-8 byte-order mark is allowed; an empty file is not.
 */
export function parseJsonStrict(text: string, fileLabel: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw new JsonSyntaxError(fileLabel, 'the file is empty');
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    let offset: number | undefined;
    const position = /position (\d+)/.exec(message);
    if (position) offset = Number(position[1]);
    let place: { line: number; column: number } | undefined;
    if (offset !== undefined) {
      place = lineColumnAt(body, offset);
    } else {
      const lineColumn = /line (\d+) column (\d+)/.exec(message);
      if (lineColumn) place = { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
    }
    if (offset === undefined && /Unexpected end of JSON input/i.test(message)) {
      offset = body.length;
      place = lineColumnAt(body, offset);
    }
    let reason = explain(message);
    if (offset !== undefined) {
      const excerpt = excerptAt(body, offset);
      if (excerpt !== '') reason += `; the text there: ${excerpt}`;
    }
    throw new JsonSyntaxError(fileLabel, reason, place?.line, place?.column);
  }
}
