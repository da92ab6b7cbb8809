package io.seedrpc.spring.virtual;

/** Tells which kind of thread runs a service method. */
public interface ThreadReporter {

    /** {@code Thread.currentThread().toString()} on the server: "VirtualThread[...]" for a virtual thread. */
    String thread();

    /** Sleeps {@code millis}, to keep a call in flight. */
    String hold(long millis);
}
