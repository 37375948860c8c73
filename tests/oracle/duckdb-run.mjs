// Runs a batch of DuckDB statements for the Parquet oracle tests and bench.
// Usage: node duckdb-run.mjs jobs.json
// jobs.json: [{ "sql": "...", "out": "optional/path.jsonl" }, ...]
// A job with "out" writes its result rows as JSON lines (DuckDB's own JSON conversion of each value);
// a job with "timing": true also records its wall time in milliseconds on stdout as "<index>\t<ms>".
import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (let i = 0; i < jobs.length; i++) {
  const job = jobs[i];
  const started = process.hrtime.bigint();
  try {
    if (job.out) {
      const reader = await connection.runAndReadAll(job.sql);
      const rows = reader.getRowObjectsJson();
      writeFileSync(job.out, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
    } else {
      await connection.run(job.sql);
    }
  } catch (error) {
    console.error(`job ${i} failed: ${error.message}\n${job.sql}`);
    process.exit(3);
  }
  if (job.timing) {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${i}\t${ms}`);
  }
}
connection.closeSync?.();
