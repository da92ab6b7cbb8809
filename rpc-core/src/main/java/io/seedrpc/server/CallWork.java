package io.seedrpc.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;

/**
 * The work going on for one call — the thread running its method and the asynchronous result the method returned —
 * so that a cancel (the client gave up, the connection closed, or the deadline passed and the transport answered
 * {@code TIMEOUT}) can stop it: the thread is interrupted (never an I/O thread) and the result cancelled. Work for
 * an abandoned call does not go on unnoticed. Thread-safe.
 *
 * <p>The first layer of the one object a call costs the server ({@link CallExecution}, which {@link CallTracker}
 * and this class are the parts of): each layer keeps one job in its own file, and a call allocates one object
 * where it used to allocate four. Nothing else synchronizes on it.
 */
abstract class CallWork {

    private static final Logger log = LoggerFactory.getLogger(CallWork.class);

    private Thread runner;
    /** Whether a thread has taken the call up, even to find it stopped. */
    private boolean started;
    private volatile boolean stopped;
    private volatile CompletionStage<?> asyncResult;

    /** Whether the method runs on a worker thread that may be interrupted; not so on an I/O thread. */
    abstract boolean interruptible();

    /** The current thread starts running the call; {@code false} when the call was stopped before it began. */
    synchronized boolean enter() {
        started = true;
        if (stopped) {
            return false;
        }
        runner = Thread.currentThread();
        return true;
    }

    /** Whether a thread has taken the call up ({@link #enter}), whether or not it then ran it. */
    synchronized boolean hasStarted() {
        return started;
    }

    /** The current thread is done with the call. */
    void leave() {
        synchronized (this) {
            runner = null;
        }
        // An interrupt aimed at this call must not leak into the next task this pooled thread runs.
        if (interruptible()) {
            Thread.interrupted();
        }
    }

    /** The method returned {@code stage}, which answers the call later; cancelled at once if the call already stopped. */
    void resultPending(CompletionStage<?> stage) {
        asyncResult = stage;
        if (stopped) {
            cancel(stage);
        }
    }

    /** Stops the work: interrupts the thread running the method and cancels its pending result. */
    void stop() {
        synchronized (this) {
            stopped = true;
            if (runner != null && interruptible()) {
                runner.interrupt();
            }
        }
        cancel(asyncResult);
    }

    private static void cancel(CompletionStage<?> stage) {
        if (stage != null) {
            try {
                stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException notCancellable) {
                log.debug("A method returned a CompletionStage that cannot be cancelled: {}", stage);
            }
        }
    }
}
