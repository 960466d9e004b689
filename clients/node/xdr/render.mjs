// Renders a js-xdr value as the canonical JSON that Quiver's Java model prints (XdrJson):
// struct -> object of fields in order; union -> {"switch": n, "<arm>": value}; enum -> integer;
// 32-bit integers -> numbers; 64-bit -> decimal strings; opaque and strings -> lowercase hex;
// absent optional -> null.
import { kind } from './model.mjs';

export function render(t, v) {
  switch (kind(t)) {
    case 'struct': {
      const o = {};
      for (const [name, ft] of t._fields) o[name] = render(ft, v._attributes[name]);
      return o;
    }
    case 'union': {
      const sw = v._switch;
      const o = { switch: typeof sw === 'number' ? sw : sw.value };
      const arm = v._arm;
      if (typeof arm === 'string' && kind(t._arms[arm]) !== 'void') o[arm] = render(t._arms[arm], v._value);
      return o;
    }
    case 'enum': return v.value;
    case 'int': case 'uint': return Number(v);
    case 'hyper': case 'uhyper': return v.toString();
    case 'bool': return v === true;
    case 'opaque': case 'varopaque': case 'string': return Buffer.from(v).toString('hex');
    case 'array': case 'vararray': return v.map((e) => render(t._childType, e));
    case 'option': return v === null || v === undefined ? null : render(t._childType, v);
    case 'void': return null;
    default: throw new Error('cannot render ' + kind(t));
  }
}
