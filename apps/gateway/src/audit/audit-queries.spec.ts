import { WriterEndsRow, writerSpan } from './audit-queries';

const at = (instant: string) => new Date(instant);

/** A writer whose records are all in the table, seq 3 to 10 (retention took 1 and 2). */
const logged: WriterEndsRow = {
  writer_id: 'gw-1',
  logged_first: '3',
  logged_last: '10',
  logged_last_at: at('2026-01-01T00:00:10Z'),
  lettered_first: null,
  lettered_last: null,
  lettered_last_record: null,
  lettered_last_at: null,
};

const letter = (seq: number, timestamp: string) => JSON.stringify({ writerId: 'gw-1', seq, timestamp });

describe('writerSpan', () => {
  it('spans the table’s first to last record, stamped with the last one’s time', () => {
    expect(writerSpan(logged)).toEqual({
      writerId: 'gw-1',
      firstSeq: 3,
      lastSeq: 10,
      lastAt: '2026-01-01T00:00:10.000Z',
    });
  });

  it('ends at a dead letter past the table’s last record, at the time the record was made', () => {
    const row = {
      ...logged,
      lettered_first: '7',
      lettered_last: '11',
      lettered_last_record: letter(11, '2026-01-01T01:00:11+01:00'),
      lettered_last_at: at('2026-01-01T00:05:00Z'),
    };
    expect(writerSpan(row)).toEqual({ writerId: 'gw-1', firstSeq: 3, lastSeq: 11, lastAt: '2026-01-01T00:00:11.000Z' });
  });

  it('starts at a dead letter before the table’s first record', () => {
    expect(
      writerSpan({
        ...logged,
        lettered_first: '2',
        lettered_last: '2',
        lettered_last_record: letter(2, 'x'),
        lettered_last_at: at('2026-01-01T00:00:02Z'),
      }),
    ).toMatchObject({ firstSeq: 2, lastSeq: 10, lastAt: '2026-01-01T00:00:10.000Z' });
  });

  it('counts a record both in the table and among the dead letters as its row', () => {
    const row = {
      ...logged,
      lettered_first: '10',
      lettered_last: '10',
      lettered_last_record: letter(10, '2020-01-01T00:00:00Z'),
      lettered_last_at: at('2026-01-01T00:05:00Z'),
    };
    expect(writerSpan(row)).toMatchObject({ lastSeq: 10, lastAt: '2026-01-01T00:00:10.000Z' });
  });

  it('lists a writer known only from dead letters, falling back on the dead-letter time for a record that does not read', () => {
    const onlyLetters: WriterEndsRow = {
      writer_id: 'gw-2',
      logged_first: null,
      logged_last: null,
      logged_last_at: null,
      lettered_first: '4',
      lettered_last: '9',
      lettered_last_record: letter(9, '2026-02-01T00:00:00Z'),
      lettered_last_at: at('2026-02-01T00:00:03Z'),
    };
    expect(writerSpan(onlyLetters)).toEqual({
      writerId: 'gw-2',
      firstSeq: 4,
      lastSeq: 9,
      lastAt: '2026-02-01T00:00:00.000Z',
    });
    for (const unreadable of ['{"seq": 9', letter(9, 'yesterday'), '[]']) {
      expect(writerSpan({ ...onlyLetters, lettered_last_record: unreadable })?.lastAt).toBe('2026-02-01T00:00:03.000Z');
    }
  });

  it('leaves out a writer with no record carrying a seq', () => {
    const bare: WriterEndsRow = {
      ...logged,
      logged_first: null,
      logged_last: null,
      logged_last_at: null,
    };
    expect(writerSpan(bare)).toBeUndefined();
  });
});
