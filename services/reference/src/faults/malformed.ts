/** Ways an answer can break its response contract while still looking like a 200. */
export const MALFORMED_KINDS = ['unexpected-object', 'truncated-json'] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/** The body sent instead of `realBody` when a malformed fault fires. */
export function malformedBody(kind: MalformedKind, realBody: string): string {
  switch (kind) {
    case 'unexpected-object':
      return '{"unexpected":true}';
    case 'truncated-json':
      // Cut inside the document so no JSON parser accepts it.
      return realBody.slice(0, Math.max(1, Math.floor(realBody.length / 2)));
  }
}
