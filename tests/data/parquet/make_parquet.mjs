// Writes the Parquet fixtures of tests/core/test_parquetreader.cpp with an independent writer:
// the Rust `parquet` crate (arrow-rs) as the npm package parquet-wasm ships it, the tables built
// with apache-arrow. Gate Review reads them with DuckDB, so a file is never both written and read
// by the same implementation. Run once, check in the output (CI does not need Node for it):
//   npm install --prefix /tmp/pqgen parquet-wasm@0.8.0 apache-arrow@21.2.0
//   NODE_PATH=/tmp/pqgen/node_modules node tests/data/parquet/make_parquet.mjs
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(process.env.NODE_PATH ?? '.', 'x.js'));
const arrow = require('apache-arrow');
const pq = require('parquet-wasm/node');

const here = dirname(fileURLToPath(import.meta.url));
const demo = join(here, '..', '..', '..', 'resources', 'demo');

function write(name, columns, { compression = pq.Compression.SNAPPY, rowGroup = 1024, dictionary = true } = {}) {
  const table = arrow.tableFromArrays(columns);
  const wasmTable = pq.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
  const props = new pq.WriterPropertiesBuilder()
    .setCompression(compression)
    .setDictionaryEnabled(dictionary)
    .setMaxRowGroupSize(rowGroup)
    .build();
  writeFileSync(join(here, name), pq.writeParquet(wasmTable, props));
}

function readDemo(side) {
  const text = gunzipSync(readFileSync(join(demo, side, 'predictions.csv.gz'))).toString('utf8');
  const lines = text.trim().split('\n').slice(1).map((l) => l.split(','));
  return {
    ids: lines.map((f) => f[0]),
    labels: lines.map((f) => Number(f[1])),
    scores: lines.map((f) => Number(f[2])), // the CSV's decimal, correctly rounded like from_chars
  };
}

// The demo pair in two different physical layouts; each must give the demo's verdict exactly.
const champion = readDemo('champion');
write('demo-champion.parquet', {
  customer_id: BigInt64Array.from(champion.ids.map((v) => BigInt(v))),
  churned: Int8Array.from(champion.labels),
  churn_probability: Float64Array.from(champion.scores),
}, { compression: pq.Compression.ZSTD, rowGroup: 4096 });
const candidate = readDemo('candidate');
write('demo-candidate.parquet', {
  customer_id: candidate.ids, // strings: the canonical-integer rule makes them integers again
  churned: candidate.labels.map((v) => v === 1), // booleans
  churn_probability: Float64Array.from(candidate.scores),
  segment: candidate.ids.map((v) => (Number(v) % 3 === 0 ? 'annual' : 'monthly')), // ignored
}, { compression: pq.Compression.GZIP, rowGroup: 5000, dictionary: false });

// Small files for the accepted layouts and for every refusal (expected.tsv gives the messages).
const ids = BigInt64Array.from([1n, 2n, 3n, 4n, 5n]);
const labels = Int32Array.from([1, 0, 1, 0, 0]);
const scores = Float64Array.from([0.9, 0.2, 0.7, 0.4, 0.1]);
write('positive-class.parquet', {
  row_id: ['a', 'b', 'c', 'd', 'e'],
  outcome: ['churn', 'stay', 'churn', 'stay', 'stay'],
  proba: Float32Array.from([0.9, 0.2, 0.7, 0.4, 0.1]),
}, { compression: pq.Compression.UNCOMPRESSED });
write('string-scores.parquet', { row_id: ids, y_true: labels, y_score: ['0.9', '0.2', '0.7', '0.4', '0.1'] });
write('null-score.parquet', { row_id: ids, y_true: labels, y_score: [0.9, 0.2, null, 0.4, 0.1] });
write('null-id.parquet', { row_id: ['1', '2', null, '4', '5'], y_true: labels, y_score: scores });
write('nan-score.parquet', { row_id: ids, y_true: labels, y_score: Float64Array.from([0.9, NaN, 0.7, 0.4, 0.1]) });
write('out-of-range-score.parquet', { row_id: ids, y_true: labels, y_score: Float64Array.from([0.9, 0.2, 0.7, 1.5, 0.1]) });
write('duplicate-id.parquet', { row_id: BigInt64Array.from([1n, 2n, 3n, 1n, 5n]), y_true: labels, y_score: scores });
write('label-outside.parquet', { row_id: ids, y_true: Int32Array.from([1, 0, 2, 0, 0]), y_score: scores });
write('non-numeric-score.parquet', { row_id: ids, y_true: labels, y_score: ['0.9', 'abc', '0.7', '0.4', '0.1'] });
write('missing-score-column.parquet', { row_id: ids, y_true: labels, weight: scores });
write('text-score-column.parquet', { row_id: ids, y_true: labels, y_score: [true, false, true, true, false] });
write('no-rows.parquet', { row_id: new BigInt64Array(0), y_true: new Int32Array(0), y_score: new Float64Array(0) });
// Cut short: the footer (and its magic bytes) is gone.
const whole = readFileSync(join(here, 'demo-champion.parquet'));
writeFileSync(join(here, 'truncated.parquet'), whole.subarray(0, Math.floor(whole.length / 2)));

// The Parquet twin of an MLflow fixture run's predictions.csv (test_mlflowstores: a run holding
// predictions.parquet instead is read by the default lookup).
{
  const run = join(here, '..', 'mlflow-2.10.2', 'mlruns', '282732226586661371',
    '55d1a94d223844a293f916d25d8dd023', 'artifacts', 'predictions.csv');
  const rows = readFileSync(run, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  write('mlflow-run-predictions.parquet', {
    row_id: BigInt64Array.from(rows.map((f) => BigInt(f[0]))),
    y_true: BigInt64Array.from(rows.map((f) => BigInt(f[1]))),
    y_score: Float64Array.from(rows.map((f) => Number(f[2]))),
  });
}
