// Reads a Quiver Arrow-on-Kafka topic from the beginning and prints one JSON line per record:
// the Kafka headers, the schema name/version/descriptions from the Arrow stream's metadata, the
// row count and the first rows. It needs nothing from Quiver but the topic format in the README.
//
//   node read-topic.mjs --bootstrap 127.0.0.1:9092 --topic stellar.ttp.events.v1 --count 10
//
// Exit code 0 after --count records, 1 if they did not arrive within --timeout-ms, 2 on bad use.
import { Kafka, logLevel } from 'kafkajs';
import { tableFromIPC, compressionRegistry, CompressionType } from 'apache-arrow';
import { decompress } from 'fzstd';

// Quiver compresses IPC bodies with ZSTD; apache-arrow leaves the codec to the application.
// slice() copies into a fresh, aligned buffer (BigInt64Array views need 8-byte alignment).
compressionRegistry.set(CompressionType.ZSTD, { decode: (data) => decompress(data).slice() });

function parseArgs(argv) {
  const args = { timeoutMs: 30000, rows: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (v === undefined) usage(`missing value for ${k}`);
    if (k === '--bootstrap') args.bootstrap = v;
    else if (k === '--topic') args.topic = v;
    else if (k === '--count') args.count = Number(v);
    else if (k === '--timeout-ms') args.timeoutMs = Number(v);
    else if (k === '--rows') args.rows = Number(v);
    else usage(`unknown option ${k}`);
  }
  if (!args.bootstrap || !args.topic || !(args.count > 0)) usage('--bootstrap, --topic and --count are required');
  return args;
}

function usage(msg) {
  process.stderr.write(`read-topic: ${msg}\nusage: node read-topic.mjs --bootstrap HOST:PORT --topic NAME --count N [--timeout-ms MS] [--rows N]\n`);
  process.exit(2);
}

// JSON has no bigint or bytes: print 64-bit integers and decimals as strings, bytes as hex.
function jsonValue(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && typeof v.toArray === 'function') return Array.from(v.toArray(), jsonValue);
  if (typeof v === 'object' && v[Symbol.toPrimitive]) return String(v);
  return v;
}

function describe(message) {
  const headers = {};
  for (const [k, v] of Object.entries(message.headers || {})) headers[k] = v ? v.toString('utf8') : null;
  const table = tableFromIPC(message.value);
  const meta = Object.fromEntries(table.schema.metadata);
  const fields = table.schema.fields.map((f) => ({
    name: f.name, type: String(f.type), nullable: f.nullable, description: f.metadata.get('description') ?? null,
  }));
  const rows = [];
  for (let i = 0; i < Math.min(table.numRows, argsGlobal.rows); i++) {
    const row = {};
    for (const f of table.schema.fields) row[f.name] = jsonValue(table.getChild(f.name).get(i));
    rows.push(row);
  }
  return {
    offset: message.offset, key: message.key ? message.key.toString('utf8') : null, headers,
    schemaName: meta['quiver.schema.name'] ?? null, schemaVersion: meta['quiver.schema.version'] ?? null,
    numRows: table.numRows, batches: table.batches.length, fields, rows,
  };
}

const argsGlobal = parseArgs(process.argv.slice(2));
const kafka = new Kafka({ clientId: 'quiver-node-reader', brokers: [argsGlobal.bootstrap], logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `quiver-node-reader-${process.pid}-${Date.now()}`, maxBytesPerPartition: 16 * 1024 * 1024 });
let seen = 0;
let failed = false;
const timer = setTimeout(async () => {
  process.stderr.write(`read-topic: only ${seen} of ${argsGlobal.count} records arrived on ${argsGlobal.topic} within ${argsGlobal.timeoutMs} ms\n`);
  failed = true;
  await consumer.disconnect().catch(() => {});
  process.exit(1);
}, argsGlobal.timeoutMs);

await consumer.connect();
await consumer.subscribe({ topic: argsGlobal.topic, fromBeginning: true });
await new Promise((resolve, reject) => {
  consumer.run({
    eachMessage: async ({ message }) => {
      if (seen >= argsGlobal.count) return;
      try {
        process.stdout.write(JSON.stringify(describe(message)) + '\n');
      } catch (e) {
        reject(new Error(`offset ${message.offset}: ${e.message}`));
        return;
      }
      seen += 1;
      if (seen >= argsGlobal.count) resolve();
    },
  }).catch(reject);
}).catch((e) => {
  process.stderr.write(`read-topic: ${e.message}\n`);
  failed = true;
});
clearTimeout(timer);
await consumer.disconnect();
process.exit(failed ? 1 : 0);
