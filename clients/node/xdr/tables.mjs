// The facts of Quiver's ledger tables, computed independently with @stellar/stellar-base: for every
// transaction of a ledger in apply order, its hash (stellar-base's own, from the envelope and the
// network), source, sequence number, fees, result code, and every operation's type, source and,
// for invoke_host_function, the contract id (invoked, or derived from the preimage) and function.
// stdin: lines "base64-passphrase base64-LedgerCloseMeta"; stdout: one JSON line per ledger, or
// {"error": "..."} when stellar-base cannot process it.
import { createInterface } from 'node:readline';
import { xdr, hash, StrKey, Address, TransactionBuilder } from '@stellar/stellar-base';

function envelopes(lcm) {
  const v = lcm.switch();
  if (v === 0) return lcm.v0().txSet().txes();
  const set = (v === 1 ? lcm.v1() : lcm.v2()).txSet().v1TxSet();
  const out = [];
  for (const phase of set.phases()) {
    if (phase.switch() === 0) {
      for (const c of phase.v0Components()) out.push(...c.txsMaybeDiscountedFee().txes());
    } else {
      for (const stage of phase.parallelTxsComponent().executionStages()) {
        for (const cluster of stage) out.push(...cluster);
      }
    }
  }
  return out;
}

function processing(lcm) {
  const v = lcm.switch();
  return (v === 0 ? lcm.v0() : v === 1 ? lcm.v1() : lcm.v2()).txProcessing();
}

function contractOf(func, networkId) {
  const kind = func.switch().name;
  if (kind === 'hostFunctionTypeInvokeContract') {
    return Address.fromScAddress(func.invokeContract().contractAddress()).toString();
  }
  if (kind === 'hostFunctionTypeCreateContract' || kind === 'hostFunctionTypeCreateContractV2') {
    const args = kind === 'hostFunctionTypeCreateContract' ? func.createContract() : func.createContractV2();
    const preimage = xdr.HashIdPreimage.envelopeTypeContractId(
      new xdr.HashIdPreimageContractId({ networkId, contractIdPreimage: args.contractIdPreimage() }));
    return StrKey.encodeContract(hash(preimage.toXDR()));
  }
  return null;
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const [p64, b64] = line.split(' ');
  const passphrase = Buffer.from(p64, 'base64').toString('utf8');
  try {
    const networkId = hash(Buffer.from(passphrase, 'utf8'));
    const lcm = xdr.LedgerCloseMeta.fromXDR(Buffer.from(b64, 'base64'));
    const byHash = new Map();
    for (const env of envelopes(lcm)) {
      const tx = TransactionBuilder.fromXDR(env, passphrase);
      byHash.set(tx.hash().toString('hex'), tx);
    }
    const txs = [];
    for (const p of processing(lcm)) {
      const pair = p.result();
      const h = pair.transactionHash().toString('hex');
      const tx = byHash.get(h);
      if (!tx) throw new Error('no envelope for ' + h);
      const feeBump = tx.innerTransaction !== undefined;
      const inner = feeBump ? tx.innerTransaction : tx;
      const ops = inner.operations.map((op) => {
        const o = { type: op.type, source: op.source ?? inner.source };
        if (op.type === 'invokeHostFunction') {
          o.contract_id = contractOf(op.func, networkId);
          o.function_name = op.func.switch().name === 'hostFunctionTypeInvokeContract'
            ? op.func.invokeContract().functionName().toString() : null;
        }
        return o;
      });
      txs.push({
        hash: h,
        account: inner.source,
        account_sequence: inner.sequence,
        max_fee: inner.fee,
        fee_charged: pair.result().feeCharged().toString(),
        result: pair.result().result().switch().name,
        fee_account: feeBump ? tx.feeSource : null,
        new_max_fee: feeBump ? tx.fee : null,
        operation_count: ops.length,
        operations: ops,
      });
    }
    process.stdout.write(JSON.stringify({ transactions: txs }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.message ? e.message : e) }) + '\n');
  }
}
