// Random instances of every XDR type reachable from the given roots, made and encoded by
// @stellar/stellar-base: covers the types that real ledgers never contain.
// Usage: node xdr/random.mjs COUNT SEED ROOT...   stdout: "TypeName base64 canonical-json" lines.
import { xdr } from '@stellar/stellar-base';
import { kind, closure } from './model.mjs';
import { render } from './render.mjs';

const [count, seed, ...roots] = process.argv.slice(2);
let state = BigInt(seed) || 1n;
// xorshift64*: reproducible from the seed, so a failure can be replayed.
function next() {
  state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
const below = (n) => Number(next() % BigInt(n));
const bytes = (n) => Buffer.from(Array.from({ length: n }, () => below(256)));

const MAX_DEPTH = 6;

function random(t, depth) {
  switch (kind(t)) {
    case 'struct': {
      const attrs = {};
      for (const [name, ft] of t._fields) attrs[name] = random(ft, depth + 1);
      return new t(attrs);
    }
    case 'union': {
      let cases = [...t._switches.entries()];
      if (depth > MAX_DEPTH) {
        const shallow = cases.filter(([, arm]) => typeof arm !== 'string' || !recursive(t._arms[arm]));
        if (shallow.length) cases = shallow;
      }
      const [sw, arm] = cases[below(cases.length)];
      const armType = typeof arm === 'string' ? t._arms[arm] : null;
      const value = armType && kind(armType) !== 'void' ? random(armType, depth + 1) : undefined;
      return new t(sw, value);
    }
    case 'enum': {
      const members = Object.values(t._members);
      return members[below(members.length)];
    }
    case 'int': return Number(BigInt.asIntN(32, next()));
    case 'uint': return Number(BigInt.asUintN(32, next()));
    case 'hyper': return t.fromString(BigInt.asIntN(64, next()).toString());
    case 'uhyper': return t.fromString(BigInt.asUintN(64, next()).toString());
    case 'bool': return below(2) === 1;
    case 'opaque': return bytes(t._length);
    case 'varopaque': case 'string': return bytes(below(Math.min(t._maxLength, 40) + 1));
    case 'array': return Array.from({ length: t._length }, () => random(t._childType, depth + 1));
    case 'vararray': {
      const n = depth > MAX_DEPTH ? 0 : below(Math.min(t._maxLength, 3) + 1);
      return Array.from({ length: n }, () => random(t._childType, depth + 1));
    }
    case 'option': return depth > MAX_DEPTH || below(2) === 0 ? null : random(t._childType, depth + 1);
    default: throw new Error('cannot make ' + kind(t));
  }
}

const RECURSIVE = new Set(['ScVal', 'ClaimPredicate', 'ScpQuorumSet', 'SorobanAuthorizedInvocation']);
function recursive(t) {
  const k = kind(t);
  if (k === 'struct' || k === 'union') return RECURSIVE.has(t.structName || t.unionName) || (k === 'struct' && t._fields.some(([, f]) => recursive(f)));
  if (k === 'option' || k === 'array' || k === 'vararray') return recursive(t._childType);
  return false;
}

for (const name of closure(roots).sort()) {
  const t = xdr[name];
  for (let i = 0; i < Number(count); i++) {
    const value = random(t, 0);
    const encoded = t.toXDR(value);
    process.stdout.write(`${name} ${encoded.toString('base64')} ${JSON.stringify(render(t, t.fromXDR(encoded)))}\n`);
  }
}
