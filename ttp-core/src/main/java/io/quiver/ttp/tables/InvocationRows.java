package io.quiver.ttp.tables;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.QuiverSchema;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.StrKey;
import io.quiver.stellar.ledger.Envelopes;
import io.quiver.stellar.xdr.XdrJson;
import io.quiver.stellar.xdr.model.ContractExecutable;
import io.quiver.stellar.xdr.model.ContractExecutableType;
import io.quiver.stellar.xdr.model.HostFunction;
import io.quiver.stellar.xdr.model.InvokeHostFunctionOp;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.ScVal;
import io.quiver.stellar.xdr.model.SorobanAuthorizationEntry;
import io.quiver.stellar.xdr.model.SorobanTransactionData;
import io.quiver.stellar.xdr.model.TransactionMeta;
import io.quiver.ttp.stellar.Addresses;

/** The {@code ContractInvocation} row of an {@code invoke_host_function} operation. */
final class InvocationRows {

    private static final QuiverSchema S = LedgerTableSchemas.CONTRACT_INVOCATION_SCHEMA;
    static final int COLUMNS = S.arrowSchema().getFields().size();
    private static final int OPERATION_ID = S.columnIndex("operation_id");
    private static final int TX_ID = S.columnIndex("transaction_id");
    private static final int HASH = S.columnIndex("transaction_hash");
    private static final int LEDGER = S.columnIndex("ledger_sequence");
    private static final int TX_INDEX = S.columnIndex("transaction_index");
    private static final int OP_INDEX = S.columnIndex("operation_index");
    private static final int CLOSED_AT = S.columnIndex("closed_at");
    private static final int SOURCE = S.columnIndex("source_account");
    private static final int HOST_FUNCTION_TYPE = S.columnIndex("host_function_type");
    private static final int CONTRACT_ID = S.columnIndex("contract_id");
    private static final int FUNCTION_NAME = S.columnIndex("function_name");
    private static final int ARGUMENT_COUNT = S.columnIndex("argument_count");
    private static final int ARGUMENTS = S.columnIndex("arguments");
    private static final int ARGUMENTS_JSON = S.columnIndex("arguments_json");
    private static final int WASM_HASH = S.columnIndex("wasm_hash");
    private static final int AUTH = S.columnIndex("auth");
    private static final int INSTRUCTIONS = S.columnIndex("instructions");
    private static final int DISK_READ_BYTES = S.columnIndex("disk_read_bytes");
    private static final int WRITE_BYTES = S.columnIndex("write_bytes");
    private static final int READ_ONLY = S.columnIndex("read_only_footprint");
    private static final int READ_WRITE = S.columnIndex("read_write_footprint");
    private static final int RESOURCE_FEE = S.columnIndex("resource_fee");
    private static final int FEE_CHARGED = S.columnIndex("fee_charged");
    private static final int NON_REFUNDABLE = S.columnIndex("non_refundable_resource_fee_charged");
    private static final int REFUNDABLE = S.columnIndex("refundable_resource_fee_charged");
    private static final int RENT = S.columnIndex("rent_fee_charged");
    private static final int RETURN_VALUE = S.columnIndex("return_value");
    private static final int RETURN_VALUE_JSON = S.columnIndex("return_value_json");
    private static final int SUCCESSFUL = S.columnIndex("successful");

    private InvocationRows() {
    }

    /** {@code HOST_FUNCTION_TYPE_INVOKE_CONTRACT} -> {@code invoke_contract}. */
    static String hostFunctionType(HostFunction f) {
        return f.discriminant().name().substring("HOST_FUNCTION_TYPE_".length()).toLowerCase(Locale.ROOT);
    }

    /** The contract invoked, or the one created (its id derived from the preimage on this network); null for an upload. */
    static String contractId(HostFunction f, byte[] networkId) {
        return switch (f.discriminant()) {
            case HOST_FUNCTION_TYPE_INVOKE_CONTRACT -> Addresses.of(f.invokeContract().contractAddress());
            case HOST_FUNCTION_TYPE_CREATE_CONTRACT ->
                    StrKey.encode(StrKey.Kind.CONTRACT, NetworkIds.contractId(networkId, f.createContract().contractIdPreimage().toXdr()));
            case HOST_FUNCTION_TYPE_CREATE_CONTRACT_V2 ->
                    StrKey.encode(StrKey.Kind.CONTRACT, NetworkIds.contractId(networkId, f.createContractV2().contractIdPreimage().toXdr()));
            case HOST_FUNCTION_TYPE_UPLOAD_CONTRACT_WASM -> null;
        };
    }

    /** The arguments a host function passes (constructor arguments for create_contract_v2), or null. */
    static List<ScVal> arguments(HostFunction f) {
        return switch (f.discriminant()) {
            case HOST_FUNCTION_TYPE_INVOKE_CONTRACT -> f.invokeContract().args();
            case HOST_FUNCTION_TYPE_CREATE_CONTRACT_V2 -> f.createContractV2().constructorArgs();
            default -> null;
        };
    }

    /** Those arguments as a JSON array of XDR JSON, or null when the function takes none. */
    static String argumentsJson(HostFunction f) {
        List<ScVal> args = arguments(f);
        if (args == null) {
            return null;
        }
        StringBuilder json = new StringBuilder("[");
        for (ScVal a : args) {
            json.append(json.length() > 1 ? "," : "").append(XdrJson.render(a));
        }
        return json.append(']').toString();
    }

    static Object[] of(TxContext c, int opIndex, Operation op, byte[] networkId, String argumentsJson) {
        Object[] r = new Object[COLUMNS];
        InvokeHostFunctionOp o = op.body().invokeHostFunctionOp();
        HostFunction f = o.hostFunction();
        r[OPERATION_ID] = Toid.operation(c.id, opIndex);
        r[TX_ID] = c.id;
        r[HASH] = c.tx.hash();
        r[LEDGER] = c.ledger;
        r[TX_INDEX] = c.index;
        r[OP_INDEX] = opIndex;
        r[CLOSED_AT] = c.closedAt;
        r[SOURCE] = op.sourceAccount() == null ? c.account : Addresses.account(op.sourceAccount());
        r[HOST_FUNCTION_TYPE] = hostFunctionType(f);
        r[CONTRACT_ID] = contractId(f, networkId);
        List<ScVal> args = arguments(f);
        if (f.discriminant() == io.quiver.stellar.xdr.model.HostFunctionType.HOST_FUNCTION_TYPE_INVOKE_CONTRACT) {
            r[FUNCTION_NAME] = new String(f.invokeContract().functionName(), StandardCharsets.UTF_8);
        }
        List<byte[]> argXdr = new ArrayList<>();
        if (args != null) {
            for (ScVal a : args) {
                argXdr.add(a.toXdr());
            }
            r[ARGUMENT_COUNT] = (long) args.size();
            r[ARGUMENTS_JSON] = argumentsJson;
        }
        r[ARGUMENTS] = argXdr;
        r[WASM_HASH] = switch (f.discriminant()) {
            case HOST_FUNCTION_TYPE_UPLOAD_CONTRACT_WASM -> NetworkIds.sha256(f.wasm());
            case HOST_FUNCTION_TYPE_CREATE_CONTRACT -> wasmHash(f.createContract().executable());
            case HOST_FUNCTION_TYPE_CREATE_CONTRACT_V2 -> wasmHash(f.createContractV2().executable());
            default -> null;
        };
        List<byte[]> auth = new ArrayList<>(o.auth().size());
        for (SorobanAuthorizationEntry a : o.auth()) {
            auth.add(a.toXdr());
        }
        r[AUTH] = auth;
        SorobanTransactionData data = Envelopes.sorobanData(c.tx.envelope());
        if (data != null) {
            r[INSTRUCTIONS] = Integer.toUnsignedLong(data.resources().instructions());
            r[DISK_READ_BYTES] = Integer.toUnsignedLong(data.resources().diskReadBytes());
            r[WRITE_BYTES] = Integer.toUnsignedLong(data.resources().writeBytes());
            r[READ_ONLY] = (long) data.resources().footprint().readOnly().size();
            r[READ_WRITE] = (long) data.resources().footprint().readWrite().size();
            r[RESOURCE_FEE] = data.resourceFee();
        }
        r[FEE_CHARGED] = c.feeCharged;
        if (c.resourceCharges != null) {
            r[NON_REFUNDABLE] = c.resourceCharges[0];
            r[REFUNDABLE] = c.resourceCharges[1];
            r[RENT] = c.resourceCharges[2];
        }
        ScVal ret = c.successful ? returnValue(c.tx.processing().meta()) : null;
        if (ret != null) {
            r[RETURN_VALUE] = ret.toXdr();
            r[RETURN_VALUE_JSON] = XdrJson.render(ret);
        }
        r[SUCCESSFUL] = c.successful;
        return r;
    }

    private static byte[] wasmHash(ContractExecutable e) {
        return e.discriminant() == ContractExecutableType.CONTRACT_EXECUTABLE_WASM ? e.wasmHash() : null;
    }

    private static ScVal returnValue(TransactionMeta m) {
        return switch (m.discriminant()) {
            case 3 -> m.v3().sorobanMeta() == null ? null : m.v3().sorobanMeta().returnValue();
            case 4 -> m.v4().sorobanMeta() == null ? null : m.v4().sorobanMeta().returnValue();
            default -> null;
        };
    }
}
