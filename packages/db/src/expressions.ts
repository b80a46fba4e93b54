import type { QuerySegment } from './query-pages';

type SortCondition = { between: [string, string] } | { beginsWith: string };

export interface SegmentSpec {
  index?: string;
  partition: [attribute: string, value: string];
  sort?: [attribute: string, condition: SortCondition];
  descending?: boolean;
  /** Items whose `expires_at` (epoch seconds) is before this are hidden; omit on keys-only indexes. */
  nowSeconds?: number;
  /** Equality filters; undefined values are ignored. */
  equals?: Record<string, string | undefined>;
}

/** One Query segment with placeholders for every name and value, so reserved words never bite. */
export function querySegment(spec: SegmentSpec): QuerySegment {
  // DynamoDB rejects placeholders an expression does not use, so each is added with its clause.
  const names: Record<string, string> = { '#pk': spec.partition[0] };
  const values: Record<string, unknown> = { ':pk': spec.partition[1] };
  let keyCondition = '#pk = :pk';
  if (spec.sort) {
    const [attribute, condition] = spec.sort;
    names['#sk'] = attribute;
    if ('between' in condition) {
      [values[':lo'], values[':hi']] = condition.between;
      keyCondition += ' AND #sk BETWEEN :lo AND :hi';
    } else {
      values[':prefix'] = condition.beginsWith;
      keyCondition += ' AND begins_with(#sk, :prefix)';
    }
  }
  const filters: string[] = [];
  if (spec.nowSeconds !== undefined) {
    names['#exp'] = 'expires_at';
    values[':now'] = spec.nowSeconds;
    filters.push('#exp >= :now');
  }
  for (const [i, [attribute, value]] of Object.entries(spec.equals ?? {}).entries()) {
    if (value === undefined) continue;
    names[`#f${i}`] = attribute;
    values[`:f${i}`] = value;
    filters.push(`#f${i} = :f${i}`);
  }
  return {
    IndexName: spec.index,
    KeyConditionExpression: keyCondition,
    FilterExpression: filters.length ? filters.join(' AND ') : undefined,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !spec.descending,
  };
}

export interface UpdateSpec {
  set: Record<string, unknown>;
  remove: readonly string[];
}

/** `SET a = :v, ... REMOVE b, ...` with placeholders; the caller adds its own condition values. */
export function updateExpression(spec: UpdateSpec): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(spec.set).map(([attribute, value], i) => {
    names[`#s${i}`] = attribute;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = spec.remove.map((attribute, i) => {
    names[`#r${i}`] = attribute;
    return `#r${i}`;
  });
  const clauses = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ];
  return {
    UpdateExpression: clauses.filter(Boolean).join(' '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
