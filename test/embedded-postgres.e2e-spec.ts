import { Pool } from 'pg';
import { startEmbeddedPostgres } from './support/embedded-postgres';

/**
 * The embedded PostgreSQL of `npm start` (PGlite, one backend) under the concurrency a suite puts on
 * it: many pooled connections mixing extended-protocol queries and explicit transactions. Each
 * connection's exchange must run whole: another connection's query in the middle of it closed the
 * unnamed portal ("portal "" does not exist") or replaced the unnamed statement.
 */
describe('the embedded PostgreSQL under concurrent connections', () => {
  let database: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  let pool: Pool;
  const poolErrors: Error[] = [];

  beforeAll(async () => {
    database = await startEmbeddedPostgres();
    pool = new Pool({ connectionString: database.url, max: 20 });
    pool.on('error', (error) => poolErrors.push(error));
    await pool.query('CREATE TABLE entries (id serial PRIMARY KEY, owner text NOT NULL, n int NOT NULL)');
  }, 60_000);

  afterAll(async () => {
    await pool.end();
    await database.stop();
  });

  it('answers every connection its own rows, with transactions and parameterised queries interleaved', async () => {
    const failures: string[] = [];
    const expect_ = (condition: boolean, what: string) => {
      if (!condition) failures.push(what);
    };
    await Promise.all(
      Array.from({ length: 20 }, async (_, worker) => {
        const owner = `worker-${worker}`;
        for (let step = 0; step < 40; step++) {
          try {
            if (step % 5 === 0) {
              const client = await pool.connect();
              try {
                await client.query('BEGIN');
                const inserted = await client.query<{ owner: string; n: number }>(
                  'INSERT INTO entries (owner, n) VALUES ($1, $2) RETURNING owner, n',
                  [owner, step],
                );
                await client.query('SELECT $1::text AS a, $2::text AS b', ['x', 'y']);
                await client.query('COMMIT');
                expect_(inserted.rows[0]?.owner === owner && inserted.rows[0].n === step, `${owner} insert ${step}`);
              } finally {
                client.release();
              }
            } else if (step % 2 === 1) {
              const inserted = await pool.query<{ owner: string; n: number }>(
                'INSERT INTO entries (owner, n) VALUES ($1, $2) RETURNING owner, n',
                [owner, step],
              );
              expect_(inserted.rows[0]?.owner === owner && inserted.rows[0].n === step, `${owner} insert ${step}`);
            } else {
              // Statements of different shapes: one bound to another's parameters would fail or answer wrong.
              const selected =
                worker % 3 === 0
                  ? await pool.query<{ owner: string }>('SELECT $1::text AS owner', [owner])
                  : await pool.query<{ owner: string; n: number }>('SELECT $1::text AS owner, $2::int AS n', [
                      owner,
                      step,
                    ]);
              expect_(selected.rows[0]?.owner === owner, `${owner} select ${step}`);
            }
          } catch (error) {
            failures.push(`${owner} step ${step}: ${(error as Error).message}`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(poolErrors).toEqual([]);
    const counts = await pool.query<{ owner: string; rows: string }>(
      'SELECT owner, count(*)::text AS rows FROM entries GROUP BY owner ORDER BY owner',
    );
    // Steps 0, 5, …, 35 insert in a transaction (8), the other odd steps on their own (16).
    expect(counts.rows).toHaveLength(20);
    expect(new Set(counts.rows.map((row) => row.rows))).toEqual(new Set(['24']));
  }, 120_000);
});
