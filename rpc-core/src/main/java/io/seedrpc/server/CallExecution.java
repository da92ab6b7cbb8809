package io.seedrpc.server;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.CodecException;
import io.seedrpc.transport.ServerCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Runs one call: passes it through the server's interceptors to the method, which decodes the arguments and is
 * invoked, then answers with the outcome. It is also the call's listener, so that a cancel — the client gave up,
 * the connection closed, or the transport answered {@code TIMEOUT} at the deadline — interrupts the thread running
 * the method (never an I/O thread) and cancels a pending asynchronous result: work for an abandoned call does not
 * go on unnoticed.
 */
final class CallExecution implements Runnable, ServerCall.Listener {

    private static final Logger log = LoggerFactory.getLogger(CallExecution.class);

    /** What {@link #runMethod} returns when the method did not produce a result to send. */
    private static final Object NOT_RUN = new Object();

    private final ServerCall call;
    private final ServerMethod method;
    private final CallDispatcher dispatcher;
    private final long startNanos;
    private volatile CompletionStage<?> asyncResult;
    /** What the method itself threw or failed with, to tell it from a rejection by an interceptor. */
    private volatile Throwable applicationFailure;
    /** The call as the method sees it: made on demand, or as the last interceptor passed it on. */
    private volatile IncomingCall incoming;
    private Thread runner;
    private boolean abandoned;
    /** The place this call holds in its worker pool; null for a method run on the I/O thread. */
    private volatile WorkerPools.Slot slot;
    private boolean started;

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
        if (!dispatcher.hasInterceptors()) {
            // No interceptor to hand a call or a future to: answer straight from the method, allocating neither.
            Object result = runMethod();
            if (result != NOT_RUN) {
                if (method.descriptor().isAsync()) {
                    answerLater((CompletionStage<?>) result);
                } else {
                    call.sendValue(result, method.descriptor().resultType());
                }
            }
            return;
        }
        CompletableFuture<Object> outcome;
        try {
            outcome = dispatcher.chain().invoke(incoming());
        } catch (RuntimeException | Error e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        if (outcome == null) {
            outcome = CompletableFuture.failedFuture(new NullPointerException("a server interceptor returned null"));
        }
        outcome.whenComplete(this::answer);
    }

    /** The call as interceptors and {@link CurrentCall} see it; made when first asked for. */
    IncomingCall incoming() {
        IncomingCall current = incoming;
        if (current == null) {
            current = new IncomingCall(this, method.serviceKey(), method.descriptor(), call.metadata(),
                    call.remoteAddress(), call.timeoutMillis());
            incoming = current;
        }
        return current;
    }

    /**
     * Decodes the arguments and runs the method with this call current. Returns its result, or {@link #NOT_RUN}
     * after answering a failure (or when the call was already answered).
     */
    private Object runMethod() {
        Object[] args;
        try {
            args = call.readArguments(method.descriptor().parameterTypes());
        } catch (CodecException e) {
            call.sendError(StatusCode.BAD_REQUEST, CodecException.class.getName(),
                    "cannot decode the arguments of " + method.describe() + ": " + e.getMessage());
            return NOT_RUN;
        } catch (IllegalStateException alreadyAnswered) {
            return NOT_RUN;
        }
        CurrentCall current = dispatcher.currentCall();
        CallExecution previous = current.enter(this);
        try {
            return method.invoke(args);
        } catch (InvocationTargetException e) {
            answer(null, applicationFailed(e.getCause()));
        } catch (IllegalArgumentException e) {
            call.sendError(StatusCode.BAD_REQUEST, null, "the arguments do not fit " + method.describe() + ": "
                    + e.getMessage());
        } catch (IllegalAccessException e) {
            call.sendError(StatusCode.INTERNAL, e.getClass().getName(), "cannot invoke " + method.describe()
                    + ": " + e.getMessage());
        } finally {
            current.restore(previous);
        }
        return NOT_RUN;
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
                answer(value, failure == null ? null : applicationFailed(failure));
            } catch (RuntimeException | Error e) {
                call.sendError(StatusCode.INTERNAL, e.getClass().getName(), "the server failed answering "
                        + method.describe() + ": " + e);
            }
        });
        if (call.isDone()) {
            cancelAsyncResult();
        }
    }

    /** The end of the interceptor chain: decodes the arguments and runs the method with {@code incoming} current. */
    CompletableFuture<Object> invokeMethod(IncomingCall incoming) {
        this.incoming = incoming;
        Object[] args;
        try {
            args = call.readArguments(method.descriptor().parameterTypes());
        } catch (CodecException e) {
            return CompletableFuture.failedFuture(new RpcException(StatusCode.BAD_REQUEST,
                    "cannot decode the arguments of " + method.describe() + ": " + e.getMessage(), e));
        } catch (IllegalStateException alreadyAnswered) {
            return CompletableFuture.failedFuture(new CancellationException(method.describe() + " was abandoned"));
        }
        Object result;
        CurrentCall current = dispatcher.currentCall();
        CallExecution previous = current.enter(this);
        try {
            result = method.invoke(args);
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(applicationFailed(e.getCause()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new RpcException(StatusCode.BAD_REQUEST, "the arguments do not fit "
                    + method.describe() + ": " + e.getMessage()));
        } catch (IllegalAccessException e) {
            return CompletableFuture.failedFuture(new RpcException(StatusCode.INTERNAL, "cannot invoke "
                    + method.describe() + ": " + e.getMessage(), e));
        } finally {
            current.restore(previous);
        }
        if (!method.descriptor().isAsync()) {
            return CompletableFuture.completedFuture(result);
        }
        CompletionStage<?> stage = (CompletionStage<?>) result;
        if (stage == null) {
            return CompletableFuture.failedFuture(new RpcException(StatusCode.INTERNAL,
                    method.describe() + " returned null instead of a CompletableFuture"));
        }
        asyncResult = stage;
        CompletableFuture<Object> answer = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(applicationFailed(failure));
            }
        });
        if (call.isDone()) {
            cancelAsyncResult();
        }
        return answer;
    }

    private Throwable applicationFailed(Throwable failure) {
        Throwable cause = unwrap(failure);
        applicationFailure = cause;
        return cause;
    }

    private void answer(Object value, Throwable failure) {
        if (failure == null) {
            call.sendValue(value, method.descriptor().resultType());
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause == applicationFailure) {
            if (log.isDebugEnabled()) {
                log.debug("{} threw for {}", method.describe(), call.remoteAddress(), cause);
            }
            call.sendError(StatusCode.APPLICATION_ERROR, cause.getClass().getName(), cause.getMessage());
        } else if (cause instanceof RpcException rejected) {
            StatusCode status = rejected.status();
            boolean travels = status.wireValue() < StatusCode.CODEC_ERROR.wireValue();
            call.sendError(travels ? status : StatusCode.INTERNAL,
                    rejected.getCause() == null ? null : rejected.getCause().getClass().getName(),
                    travels ? rejected.getMessage() : "[" + status + "] " + rejected.getMessage());
        } else if (!(cause instanceof CancellationException && call.isDone())) {
            log.warn("A server interceptor failed on {} for {}", method.describe(), call.remoteAddress(), cause);
            call.sendError(StatusCode.INTERNAL, cause.getClass().getName(),
                    "a server interceptor failed on " + method.describe() + ": " + cause.getMessage());
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void onCancel() {
        stopWork();
    }

    /**
     * Gives {@code slot} back when the call ends, before its answer is queued, if it has started running by then;
     * else when its task returns. A call cancelled while queued keeps its place until its task is dequeued, so
     * the pool's queue never holds more tasks than the pool has places.
     */
    void releaseAtEnd(WorkerPools.Slot slot) {
        this.slot = slot;
    }

    @Override
    public void onClose(StatusCode status) {
        WorkerPools.Slot held = slot;
        if (held != null && hasStarted()) {
            held.release();
        }
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
        started = true;
        if (abandoned || call.isDone()) {
            return false;
        }
        runner = Thread.currentThread();
        return true;
    }

    private synchronized boolean hasStarted() {
        return started;
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
