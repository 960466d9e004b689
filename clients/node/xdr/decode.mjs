// Decodes XDR with @stellar/stellar-base, the independent decoder Quiver's tests compare against.
// stdin: lines "TypeName base64"; stdout: one line per input, the canonical JSON (render.mjs) or
// {"error": "..."} when stellar-base cannot decode it.
import { createInterface } from 'node:readline';
import { xdr } from '@stellar/stellar-base';
import { render } from './render.mjs';

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const [type, b64] = line.split(' ');
  try {
    const t = xdr[type];
    if (!t) throw new Error('stellar-base has no type ' + type);
    const value = t.fromXDR(Buffer.from(b64, 'base64'));
    process.stdout.write(JSON.stringify(render(t, value)) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.message ? e.message : e) }) + '\n');
  }
}
