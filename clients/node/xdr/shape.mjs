// Prints the structure of @stellar/stellar-base's XDR model, one line per named type, in the same
// normalized form that Quiver's XDR generator prints for its own definitions (XdrShape.java), so a
// test can compare the two models type by type. Usage: node xdr/shape.mjs ROOT_TYPE...
import { xdr } from '@stellar/stellar-base';
import { typeName, shapeOf, closure } from './model.mjs';

const roots = process.argv.slice(2);
for (const name of closure(roots).sort()) {
  console.log(`${name} ${shapeOf(xdr[name])}`);
}
