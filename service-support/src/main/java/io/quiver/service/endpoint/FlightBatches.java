package io.quiver.service.endpoint;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sends the rows a Flight {@code DoGet} appends to its root in batches: a batch goes out at
 * {@code maxRows} rows or {@code maxBytes} of payload, after every row when serving live (so a
 * client sees each ledger as it comes), and what is left at the end.
 */
public final class FlightBatches {

    private final ServerStreamListener listener;
    private final VectorSchemaRoot root;
    private final boolean live;
    private final int maxRows;
    private final long maxBytes;
    private long bytes;

    /** Starts the stream on {@code root}. */
    public FlightBatches(ServerStreamListener listener, VectorSchemaRoot root, boolean live, int maxRows, long maxBytes) {
        this.listener = listener;
        this.root = root;
        this.live = live;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        listener.start(root);
    }

    public boolean cancelled() {
        return listener.isCancelled();
    }

    /** Call after appending a row of about {@code rowBytes} to the root. */
    public void added(long rowBytes) {
        bytes += rowBytes;
        if (live || root.getRowCount() >= maxRows || bytes >= maxBytes) {
            send();
        }
    }

    /** Sends the rest and completes the stream. */
    public void finish() {
        if (root.getRowCount() > 0) {
            send();
        }
        listener.completed();
    }

    private void send() {
        listener.putNext();
        root.allocateNew();
        root.setRowCount(0);
        bytes = 0;
    }

    /** Ends a stream with {@code status} and the error's one-line message. */
    public static void fail(ServerStreamListener listener, CallStatus status, Exception e) {
        listener.error(status.withDescription(e.getMessage()).toRuntimeException());
    }
}
