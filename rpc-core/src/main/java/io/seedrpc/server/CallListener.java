package io.seedrpc.server;

import io.seedrpc.StatusCode;

/**
 * Hears of every call a server finishes, for metrics such as Micrometer timers. Called once per call on the
 * thread that answered it (a worker, an I/O thread or a deadline timer), so it must be fast and thread-safe.
 */
@FunctionalInterface
public interface CallListener {

    /**
     * @param serviceKey     the service key, for example {@code com.acme.Orders:2.0}
     * @param methodKey      the method key, for example {@code place(com.acme.Order)}
     * @param status         how the call ended ({@link StatusCode#CANCELLED} when the client gave up)
     * @param elapsedNanos   from receipt to answer
     */
    void onCallFinished(String serviceKey, String methodKey, StatusCode status, long elapsedNanos);
}
