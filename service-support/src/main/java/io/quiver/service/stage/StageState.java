package io.quiver.service.stage;

/** Where a stage stands; readiness is UP in {@link #RUNNING}, {@link #DONE} and {@link #OFF} only. */
public enum StageState {
    /** Configured off: nothing to run, nothing wrong. */
    OFF,
    /** Its loop runs. */
    RUNNING,
    /** A transient failure (broker away, timeout, refused credentials): the run is started again after a pause. */
    RETRYING,
    /** A failure that another attempt cannot cure (bad input under a stop policy, a fenced instance): stopped. */
    FAILED,
    /** The work is done (a bounded range), or the service is stopping. */
    DONE;

    public boolean ready() {
        return this == RUNNING || this == DONE || this == OFF;
    }
}
