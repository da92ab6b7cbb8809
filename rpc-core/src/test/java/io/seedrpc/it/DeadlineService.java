package io.seedrpc.it;

/** Answers with what the service method sees of its call's deadline through {@code CurrentCall}. */
public interface DeadlineService {

    /** Milliseconds left until the caller stops waiting; {@code -1} when the call has no deadline. */
    long millisLeft();
}
