package io.quiver.service.stage;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/** Tells a failure another attempt may cure (the cluster's) from one it cannot (the input's, the configuration's). */
public enum FailureKind {
    TRANSIENT, PERMANENT;

    /**
     * Transient: anything the Kafka clients throw (broker away, timeouts, a transaction that must be
     * restarted with a new producer, refused credentials, which an operator may fix while the stage
     * waits), including the {@code IllegalStateException} a producer throws when asked to abort
     * after a timed-out commit. Permanent: a fenced producer (another instance runs with the same
     * transactional id: retrying would fence it back), client configuration errors, and everything
     * else (bad input under a stop policy, bugs).
     */
    public static FailureKind of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return TRANSIENT; // Kafka files it under configuration errors, but credentials get fixed or rotated while we wait
            }
            if (t instanceof ProducerFencedException || t instanceof ConfigException || t instanceof InvalidConfigurationException
                    || t instanceof TransactionalIdAuthorizationException) {
                return PERMANENT;
            }
            if (t instanceof KafkaException || t instanceof java.util.concurrent.TimeoutException || thrownByKafkaClient(t)) {
                return TRANSIENT;
            }
            if (t instanceof StageRetryException) {
                return TRANSIENT;
            }
        }
        return PERMANENT;
    }

    private static boolean thrownByKafkaClient(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return t instanceof IllegalStateException && trace.length > 0 && trace[0].getClassName().startsWith("org.apache.kafka.");
    }
}
