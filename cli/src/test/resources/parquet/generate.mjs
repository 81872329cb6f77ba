// Regenerates the Parquet fixtures of ParquetInputTest with DuckDB (written by a real, independent Parquet
// writer): `npm install @duckdb/node-api && node generate.mjs <this directory>`. Values follow formulas the test
// recomputes; types.parquet holds the rows spelled out in the test.
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const rows = `select i::BIGINT as id, 's' || i as s, i * 0.5 as d from range(5000) t(i)`;
for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4_raw']) {
  await c.run(`copy (${rows}) to '${dir}/codec-${codec}.parquet' (format parquet, compression ${codec}, row_group_size 2048)`);
}
await c.run(`copy (${rows}) to '${dir}/pages-v2.parquet' (format parquet, parquet_version v2, row_group_size 2048)`);
await c.run(`copy (select * from (values
  (1::BIGINT, -3::TINYINT, 70000::INTEGER, 1.5::REAL, 2.25::DOUBLE, true, 'héllo ✓', '\\x00\\xFF'::BLOB,
   DATE '2024-01-31', TIMESTAMP '2024-01-31 12:00:00.000001', TIMESTAMPTZ '2024-01-31 12:00:00+00',
   12.34::DECIMAL(10,2), [1, 2, NULL]::INTEGER[], ['a', '']::VARCHAR[], {'x': 1.0, 'y': -1.0}),
  (2, NULL, NULL, NULL, NULL, NULL, '', NULL, NULL, NULL, NULL, NULL, []::INTEGER[], NULL, NULL),
  (3, 127, -2147483648, 0.0, 'nan'::DOUBLE, false, NULL, ''::BLOB, DATE '1970-01-01',
   TIMESTAMP '1969-12-31 23:59:59', NULL, -0.01, NULL, [NULL]::VARCHAR[], {'x': NULL, 'y': 2.5})
) t(id, small, i32, f, d, b, s, bin, day, ts, tstz, dec, ints, tags, pt)) to '${dir}/types.parquet' (format parquet)`);
await c.run(`copy (select * from (values
  (1, 255::UTINYINT, 65535::USMALLINT, 4294967295::UINTEGER, 18446744073709551615::UBIGINT, TIME '23:59:59.123456',
   '00112233-4455-6677-8899-aabbccddeeff'::UUID),
  (2, NULL, NULL, NULL, NULL, NULL, NULL)
) t(id, u8, u16, u32, u64, t, uuid)) to '${dir}/more-types.parquet' (format parquet)`);
await c.run(`copy (select 1 as id, map {'k': 1} as m) to '${dir}/map.parquet' (format parquet)`);
console.log('done');
