package io.seedrpc.server;

import io.seedrpc.StatusCode;
import io.seedrpc.codec.CodecException;
import io.seedrpc.transport.ServerCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Runs one call: decodes its arguments, invokes the method, answers. It is also the call's listener, so that a
 * cancel — the client gave up, the connection closed, or the transport answered {@code TIMEOUT} at the deadline
 * — interrupts the thread running the method (never an I/O thread) and cancels a pending asynchronous result:
 * work for an abandoned call does not go on unnoticed.
 */
final class CallExecution implements Runnable, ServerCall.Listener {

    private static final Logger log = LoggerFactory.getLogger(CallExecution.class);

    private final ServerCall call;
    private final ServerMethod method;
    private final CallDispatcher dispatcher;
    private final long startNanos;
    private volatile CompletionStage<?> asyncResult;
    private Thread runner;
    private boolean abandoned;

    CallExecution(ServerCall call, ServerMethod method, CallDispatcher dispatcher, long startNanos) {
        this.call = call;
        this.method = method;
        this.dispatcher = dispatcher;
        this.startNanos = startNanos;
    }

    @Override
    public void run() {
        if (!enter()) {
            return;
        }
        try {
            execute();
        } catch (RuntimeException | Error e) {
            // Whatever escaped — a codec failing in an unexpected way, a StackOverflowError, an OutOfMemoryError —
            // the call is answered and its slot released; otherwise it would stay in flight for ever.
            log.warn("{} failed outside the method for {}", method.describe(), call.remoteAddress(), e);
            call.sendError(StatusCode.INTERNAL, e.getClass().getName(), "the server failed running "
                    + method.describe() + ": " + e);
        } finally {
            leave();
        }
    }

    private void execute() {
        Object[] args;
        try {
            args = call.readArguments(method.descriptor().parameterTypes());
        } catch (CodecException e) {
            call.sendError(StatusCode.BAD_REQUEST, CodecException.class.getName(),
                    "cannot decode the arguments of " + method.describe() + ": " + e.getMessage());
            return;
        } catch (IllegalStateException alreadyAnswered) {
            return;
        }
        Object result;
        try {
            result = method.invoke(args);
        } catch (InvocationTargetException e) {
            failWith(e.getCause());
            return;
        } catch (IllegalArgumentException e) {
            call.sendError(StatusCode.BAD_REQUEST, null, "the arguments do not fit " + method.describe() + ": "
                    + e.getMessage());
            return;
        } catch (IllegalAccessException e) {
            call.sendError(StatusCode.INTERNAL, e.getClass().getName(), "cannot invoke " + method.describe()
                    + ": " + e.getMessage());
            return;
        }
        if (method.descriptor().isAsync()) {
            answerLater((CompletionStage<?>) result);
        } else {
            call.sendValue(result, method.descriptor().resultType());
        }
    }

    private void answerLater(CompletionStage<?> stage) {
        if (stage == null) {
            call.sendError(StatusCode.INTERNAL, NullPointerException.class.getName(),
                    method.describe() + " returned null instead of a CompletableFuture");
            return;
        }
        asyncResult = stage;
        stage.whenComplete((value, failure) -> {
            try {
                if (failure == null) {
                    call.sendValue(value, method.descriptor().resultType());
                } else {
                    failWith(failure);
                }
            } catch (RuntimeException | Error e) {
                call.sendError(StatusCode.INTERNAL, e.getClass().getName(), "the server failed answering "
                        + method.describe() + ": " + e);
            }
        });
        if (call.isDone()) {
            cancelAsyncResult();
        }
    }

    private void failWith(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (log.isDebugEnabled()) {
            log.debug("{} threw for {}", method.describe(), call.remoteAddress(), cause);
        }
        call.sendError(StatusCode.APPLICATION_ERROR, cause.getClass().getName(), cause.getMessage());
    }

    @Override
    public void onCancel() {
        stopWork();
    }

    @Override
    public void onClose(StatusCode status) {
        long elapsed = System.nanoTime() - startNanos;
        method.stats().record(elapsed, status == StatusCode.OK);
        dispatcher.callEnded(method, status, elapsed);
    }

    private void stopWork() {
        synchronized (this) {
            abandoned = true;
            if (runner != null && !method.isDirect()) {
                runner.interrupt();
            }
        }
        cancelAsyncResult();
    }

    private void cancelAsyncResult() {
        CompletionStage<?> stage = asyncResult;
        if (stage != null) {
            try {
                stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException notCancellable) {
                log.debug("{} returned a CompletionStage that cannot be cancelled", method.describe());
            }
        }
    }

    private synchronized boolean enter() {
        if (abandoned || call.isDone()) {
            return false;
        }
        runner = Thread.currentThread();
        return true;
    }

    private void leave() {
        synchronized (this) {
            runner = null;
        }
        // An interrupt aimed at this call must not leak into the next task this pooled thread runs.
        if (!method.isDirect()) {
            Thread.interrupted();
        }
    }
}
