package io.quiver.service.endpoint;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * Server-side flow control for a streaming gRPC call: {@link #await()} blocks the sending thread
 * while the client is not ready (gRPC's outbound buffer past its 32 KiB threshold), so a client
 * that stops reading holds the server at one message in flight instead of letting it queue the
 * whole range in memory. Create it at the start of the call (gRPC accepts the ready handler only
 * then).
 */
public final class ReadyGate {

    private final ServerCallStreamObserver<?> call;
    private final Object lock = new Object();

    public ReadyGate(ServerCallStreamObserver<?> call) {
        this.call = call;
        call.setOnReadyHandler(this::wake);
        call.setOnCancelHandler(this::wake);
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Waits until the client can take another message; false when the call was cancelled meanwhile. */
    public boolean await() throws InterruptedException {
        synchronized (lock) {
            while (!call.isReady() && !call.isCancelled()) {
                lock.wait(200);
            }
        }
        return !call.isCancelled();
    }
}
