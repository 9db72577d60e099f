// postgres.js 3.4.9 as patched (patches/postgres+3.4.9.patch): a connection that dies under a
// transaction or a reserved handle fails those queries cleanly — no uncaught TypeError from
// `nextWrite`, no query waiting forever, no statement run outside its transaction.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import postgres from 'postgres';
import { connect, type Sql } from './client';

const backendPid = async (sql: Sql | postgres.ReservedSql | postgres.TransactionSql) => (await sql`SELECT pg_backend_pid() AS pid`)[0]!.pid as number;

describe('a connection that dies mid-use', () => {
  const db = useTestDatabase();

  it('fails the rest of a transaction, runs none of it outside, and leaves the pool working', async () => {
    const sql = connect(db.url, { max: 2 });
    try {
      await db.sql`CREATE TABLE IF NOT EXISTS dies_mid_tx (x int)`;
      const outcome = sql
        .begin(async (tx) => {
          await tx`INSERT INTO dies_mid_tx VALUES (1)`;
          await db.sql`SELECT pg_terminate_backend(${await backendPid(tx)})`;
          await tx`INSERT INTO dies_mid_tx VALUES (2)`.catch(() => undefined); // carries on regardless
          sql`SELECT 1`.catch(() => undefined); // the pool reconnects for someone else meanwhile
          await tx`INSERT INTO dies_mid_tx VALUES (3)`;
        })
        .then(
          () => 'committed',
          (err: { code?: string }) => err.code,
        );
      expect(await outcome).toMatch(/^(CONNECTION_CLOSED|ECONNRESET|57P01)$/);
      expect(await db.sql`SELECT x FROM dies_mid_tx`).toEqual([]);
      for (let i = 0; i < 4; i++) expect(await sql`SELECT ${i}::int AS i`).toEqual([{ i }]);
    } finally {
      await sql.end();
    }
  });

  it('fails later queries on a reserved connection and does not hand the dead one out again', async () => {
    const sql = connect(db.url, { max: 2 });
    try {
      const reserved = await sql.reserve();
      await db.sql`SELECT pg_terminate_backend(${await backendPid(reserved)})`;
      for (let i = 0; i < 3; i++) await expect(reserved`SELECT 1`).rejects.toMatchObject({ code: expect.stringMatching(/CONNECTION_CLOSED|ECONNRESET|57P01/) });
      reserved.release();
      // Every reserve after that gets a live connection (kysely, under better-auth, reserves per query).
      for (let i = 0; i < 4; i++) {
        const next = await sql.reserve();
        expect(await next`SELECT ${i}::int AS i`).toEqual([{ i }]);
        next.release();
      }
    } finally {
      await sql.end();
    }
  });
});

describe('a transaction whose BEGIN fills a connection\'s pipeline', () => {
  const db = useTestDatabase();

  // porsager/postgres#1189: the reservation was skipped when BEGIN was the query that filled the
  // pipeline, so the transaction failed with UNSAFE_TRANSACTION (under load, with the default
  // pipeline of 100) and other queries could run inside it. max_pipeline 1 makes every BEGIN fill it.
  it('keeps its connection to itself: no UNSAFE_TRANSACTION, no one else inside it', async () => {
    // max_pipeline is a postgres.js option its types leave out.
    const options = { max: 2, max_pipeline: 1, onnotice: () => {} };
    const sql = postgres(db.url, options);
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          i % 2
            ? sql`SELECT txid_current_if_assigned() AS tx`.then(([row]) => row!.tx)
            : sql.begin(async (tx) => {
                await tx`SELECT txid_current()`;
                await tx`SELECT pg_sleep(0.02)`;
                return 'committed';
              }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason?.code)).toEqual([]);
      // Plain queries ran outside every transaction (none of them saw a transaction id).
      expect(outcomes.filter((_, i) => i % 2).map((o) => (o as PromiseFulfilledResult<unknown>).value)).toEqual(Array(6).fill(null));
    } finally {
      await sql.end();
    }
  });
});

describe('the camelCase transform', () => {
  const db = useTestDatabase();

  it('gives what postgres.camel gives: camelCase columns and JSON keys (nested, in arrays), other values untouched', async () => {
    const reference = postgres(db.url, { max: 1, transform: postgres.camel, onnotice: () => {} });
    const query = (sql: Sql) => sql`
      SELECT '{"a_b": {"c_d": [{"e_f": 1}, 2, null, "g_h"]}, "i": null, "j_k_l": true}'::json AS first_col,
             '[{"m_n": {"o_p": []}}]'::jsonb AS second_col,
             'text_with_underscores' AS third_col, ARRAY['x_y'] AS fourth_col, NULL::json AS fifth_col,
             json_build_object('q_r', 1) AS "sixth_col"`;
    try {
      const ours = await query(db.sql);
      expect(ours).toEqual(await query(reference));
      expect(ours[0]).toEqual({
        firstCol: { aB: { cD: [{ eF: 1 }, 2, null, 'g_h'] }, i: null, jKL: true },
        secondCol: [{ mN: { oP: [] } }],
        thirdCol: 'text_with_underscores',
        fourthCol: ['x_y'],
        fifthCol: null,
        sixthCol: { qR: 1 },
      });
    } finally {
      await reference.end({ timeout: 0 });
    }
  });
});
