/** CTDL JSON-LD ⇄ pathway bundle; see ./README.md. */
export { bundleToCtdl } from './ctdl-export.ts';
export {
  BUNDLE_ID_IDENTIFIER,
  CtdlFormatError,
  type CtdlImportOptions,
  type CtdlImportResult,
  ctdlToBundle,
  isCtdlDocument,
  mergeCtdlDocuments,
  UNKNOWN_PROVIDER_ID,
} from './ctdl-import.ts';
export { JsonSyntaxError, parseJsonStrict } from './json-strict.ts';
