// Helpers that look at js-xdr's type objects: their names, their structure, the named types they
// reach. Shared by the shape printer, the JSON renderer and the random-instance generator.
import { xdr } from '@stellar/stellar-base';

// js-xdr's primitive types are classes used as types themselves; compare them by class name, as
// stellar-base may bundle its own copy of js-xdr.
const PRIMITIVES = new Map([
  ['Int', 'int'], ['UnsignedInt', 'uint'], ['Hyper', 'hyper'], ['UnsignedHyper', 'uhyper'],
  ['Bool', 'bool'], ['Void', 'void'],
]);

export function kind(t) {
  if (typeof t === 'function' && PRIMITIVES.has(t.name)) return PRIMITIVES.get(t.name);
  if (t.structName) return 'struct';
  if (t.unionName) return 'union';
  if (t.enumName) return 'enum';
  const c = t.constructor && t.constructor.name;
  switch (c) {
    case 'Opaque': return 'opaque';
    case 'VarOpaque': return 'varopaque';
    case 'String': case 'XdrString': return 'string';
    case 'Array': return 'array';
    case 'VarArray': return 'vararray';
    case 'Option': return 'option';
    default: throw new Error('unknown js-xdr type ' + c);
  }
}

export function typeName(t) {
  return t.structName || t.unionName || t.enumName || null;
}

/** A type reference: the name of a named type, or the structure of an anonymous one. */
export function ref(t) {
  const k = kind(t);
  switch (k) {
    case 'struct': case 'union': case 'enum': return typeName(t);
    case 'opaque': return `opaque[${t._length}]`;
    case 'varopaque': return `opaque<${t._maxLength}>`;
    case 'string': return `string<${t._maxLength}>`;
    case 'array': return `${ref(t._childType)}[${t._length}]`;
    case 'vararray': return `${ref(t._childType)}<${t._maxLength}>`;
    case 'option': return `${ref(t._childType)}*`;
    default: return k;
  }
}

export function shapeOf(t) {
  const k = kind(t);
  if (k === 'struct') {
    return `struct {${t._fields.map(([n, f]) => `${ref(f)} ${n}`).join('; ')}}`;
  }
  if (k === 'enum') {
    return `enum {${Object.values(t._members).map((m) => m.value).sort((a, b) => a - b).join(',')}}`;
  }
  if (k === 'union') {
    const cases = [...t._switches.entries()]
      .map(([sw, arm]) => [typeof sw === 'number' ? sw : sw.value, arm])
      .sort((a, b) => a[0] - b[0])
      .map(([v, arm]) => `${v}: ${armRef(t, arm)}`);
    if (t._defaultArm) cases.push(`default: ${armRef(t, t._defaultArm)}`);
    return `union switch(${ref(t._switchOn)}) {${cases.join('; ')}}`;
  }
  return `typedef ${ref(t)}`;
}

function armRef(u, arm) {
  if (typeof arm !== 'string' || kind(u._arms[arm]) === 'void') return 'void';
  return `${ref(u._arms[arm])} ${arm}`;
}

/** Every named struct, union and enum reachable from the named roots. */
export function closure(roots) {
  const seen = new Set();
  const visit = (t) => {
    const k = kind(t);
    if (k === 'struct' || k === 'union' || k === 'enum') {
      const n = typeName(t);
      if (seen.has(n)) return;
      seen.add(n);
    }
    if (k === 'struct') t._fields.forEach(([, f]) => visit(f));
    if (k === 'union') {
      visit(t._switchOn);
      Object.values(t._arms).forEach(visit);
    }
    if (k === 'array' || k === 'vararray' || k === 'option') visit(t._childType);
  };
  roots.forEach((r) => visit(xdr[r]));
  return [...seen];
}
