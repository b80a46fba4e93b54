import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '../src/cursor';
import { InvalidCursorError, type OrchestratorRepository } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { CURSOR_SECRET, newSession, repository, repositoryAt } from './support';

const NOW = '2025-06-15T12:00:00.000Z';
let db: TestDynamo;
let repo: OrchestratorRepository;
let cursor: string;

beforeAll(async () => {
  db = await startTestDynamo();
  for (const day of ['10', '11', '12', '13', '14']) {
    await repositoryAt(db, `2025-06-${day}T09:00:00.000Z`).createSession(newSession({ status: 'completed' }));
  }
  repo = repositoryAt(db, NOW);
  const first = await repo.listSessions({ status: 'completed' }, { limit: 2 });
  cursor = first.cursor!;
});
afterAll(async () => {
  await db?.close();
});

function reencode(original: string, edit: (payload: Record<string, unknown>) => void): string {
  const [body, signature] = original.split('.');
  const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
  edit(payload);
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

function flipCharAt(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('cursor pagination', () => {
  it('resumes from a genuine cursor', async () => {
    const next = await repo.listSessions({ status: 'completed' }, { limit: 2, cursor });
    expect(next.items).toHaveLength(2);
  });

  it.each([
    ['a flipped byte in the payload', () => flipCharAt(cursor, 5)],
    ['a flipped byte in the signature', () => flipCharAt(cursor, cursor.length - 3)],
    ['a changed field', () => reencode(cursor, (p) => Object.assign(p, { segment: 0 }))],
    ['a changed key', () => reencode(cursor, (p) => Object.assign(p, { key: { pk: 'x', sk: 'SESSION' } }))],
    ['no signature', () => cursor.split('.')[0]!],
    ['an extra part', () => `${cursor}.AAAA`],
    ['garbage', () => 'not-a-cursor'],
    ['empty', () => ''],
    ['binary noise', () => Buffer.from([0, 255, 1, 254]).toString('base64url')],
    ['a huge string', () => 'A'.repeat(100_000)],
  ])('rejects %s with InvalidCursorError', async (_, tamper) => {
    const attempt = repo.listSessions({ status: 'completed' }, { limit: 2, cursor: tamper() });
    await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('rejects a cursor issued for another query', async () => {
    await expect(repo.listSessions({ status: 'failed' }, { limit: 2, cursor })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(repo.listSessionRequests('s-any', { cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('rejects a cursor signed with another secret', async () => {
    const other = new CursorCodec('another-secret-of-enough-length');
    const forged = other.encode({ any: 1 }, { segment: 0, key: null });
    const elsewhere = repository(db, () => new Date(NOW));
    await expect(elsewhere.listSessions({}, { cursor: forged })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('CursorCodec', () => {
  const codec = new CursorCodec(CURSOR_SECRET);
  const query = { list: 'x', user: 'u' };

  it('round-trips a position for the same query', () => {
    const position = { segment: 3, key: { pk: 'a', sk: 'b' }, range: { from: NOW, to: NOW } };
    expect(codec.decode(codec.encode(query, position), query)).toEqual(position);
  });

  it('rejects a correctly signed payload of the wrong shape', () => {
    const body = Buffer.from(JSON.stringify({ query: 'q', segment: -1, key: 'oops' })).toString('base64url');
    const signature = createHmac('sha256', CURSOR_SECRET).update(body).digest('base64url');
    expect(() => codec.decode(`${body}.${signature}`, query)).toThrow(InvalidCursorError);
    const notJson = Buffer.from('{not json').toString('base64url');
    const signed = `${notJson}.${createHmac('sha256', CURSOR_SECRET).update(notJson).digest('base64url')}`;
    expect(() => codec.decode(signed, query)).toThrow(InvalidCursorError);
  });

  it('refuses a short secret', () => {
    expect(() => new CursorCodec('short')).toThrow(RangeError);
  });
});
