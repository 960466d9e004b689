package io.quiver.ingest.source.rpc;

/** A JSON-RPC error object returned by the node (not retried: the request itself was refused). */
final class RpcError extends Exception {

    final long code;

    RpcError(long code, String message) {
        super(message);
        this.code = code;
    }
}
