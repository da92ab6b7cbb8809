package io.seedrpc.server;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.CodecException;
import io.seedrpc.internal.Causes;
import io.seedrpc.transport.ServerCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one call on the thread it is given: through the server's interceptors (if any) to the method, which decodes
 * the arguments and is invoked with the call current, then answers the {@link ServerCall} with the outcome. Every
 * {@code Throwable} ends the call. It only ever talks down, to the call; what the transport reports back goes to
 * the {@link CallTracker} layer. The outer layer of the one object a call costs (see {@link CallWork}): it is also
 * the task a worker pool runs, and gives the call's place back when it returns.
 */
final class CallExecution extends CallTracker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(CallExecution.class);

    /** What the method itself threw or failed with, to tell it from a rejection by an interceptor. */
    private volatile Throwable applicationFailure;
    /** The call as the method sees it: made on demand, or as the last interceptor passed it on. */
    private volatile IncomingCall incoming;

    /** @param dispatcher the dispatcher starting it, whose interceptors and current call it runs with */
    CallExecution(ServerCall call, ServerMethod method, CallDispatcher dispatcher) {
        super(call, method, dispatcher);
    }

    /**
     * Runs the call on its method's pool, in a place of its own there.
     *
     * @throws RejectedExecutionException when the pool is full or shut down; no place is held then
     */
    void runInPool() {
        takePlace();
        try {
            method().pool().execute(this);
        } catch (RuntimeException e) {
            releasePlace();
            throw e;
        }
    }

    /** Runs the call, then gives its place in the worker pool back unless that was done already. */
    @Override
    public void run() {
        try {
            runOnce();
        } finally {
            releasePlace();
        }
    }

    private void runOnce() {
        if (call().isDone() || !enter()) {
            return;
        }
        try {
            execute();
        } catch (RuntimeException | Error e) {
            // Whatever escaped — a codec failing in an unexpected way, a StackOverflowError, an OutOfMemoryError —
            // the call is answered and its place released; otherwise it would stay in flight for ever.
            log.warn("{} failed outside the method for {}", method().describe(), call().remoteAddress(), e);
            call().sendError(StatusCode.INTERNAL, e.getClass().getName(), "the server failed running "
                    + method().describe() + ": " + e);
        } finally {
            leave();
        }
    }

    private void execute() {
        ServerInvoker chain = dispatcher().chain();
        if (chain == null) {
            // No interceptor to hand a call or a future to: answer straight from the method, allocating neither.
            Object result;
            CompletionStage<?> stage = null;
            try {
                result = runMethod();
                if (method().descriptor().isAsync()) {
                    stage = pending(result);
                }
            } catch (MethodFailed e) {
                answer(null, e.getCause());
                return;
            } catch (RpcException | CancellationException e) {
                answer(null, e);
                return;
            }
            if (stage != null) {
                answerWhenDone(stage);
            } else {
                call().sendValue(result, method().descriptor().resultType());
            }
            return;
        }
        CompletableFuture<Object> outcome;
        try {
            outcome = chain.invoke(incoming());
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
            current = new IncomingCall(this, method().serviceKey(), method().descriptor(), call().metadata(),
                    call().remoteAddress(), call().timeoutMillis(), call().deadline());
            incoming = current;
        }
        return current;
    }

    /** The end of the interceptor chain: decodes the arguments and runs the method with {@code incoming} current. */
    CompletableFuture<Object> invokeMethod(IncomingCall incoming) {
        this.incoming = incoming;
        Object result;
        CompletionStage<?> stage;
        try {
            result = runMethod();
            if (!method().descriptor().isAsync()) {
                return CompletableFuture.completedFuture(result);
            }
            stage = pending(result);
        } catch (MethodFailed e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (RpcException | CancellationException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(applicationFailed(failure));
            }
        });
        return answer;
    }

    /**
     * Decodes the arguments and runs the method with this call current; returns its result.
     *
     * @throws MethodFailed          carrying what the method threw, remembered as the application's failure
     * @throws RpcException          {@code BAD_REQUEST} when the arguments do not decode or fit, {@code INTERNAL}
     *                               when the method cannot be invoked
     * @throws CancellationException when the call was abandoned before its arguments were read
     */
    private Object runMethod() throws MethodFailed {
        Object[] args;
        try {
            args = call().readArguments(method().descriptor().parameterTypes());
        } catch (CodecException e) {
            throw new RpcException(StatusCode.BAD_REQUEST, "cannot decode the arguments of " + method().describe()
                    + ": " + e.getMessage(), e);
        } catch (IllegalStateException alreadyAnswered) {
            throw new CancellationException(method().describe() + " was abandoned");
        }
        CurrentCall currentCall = dispatcher().currentCall();
        CallExecution previous = currentCall.enter(this);
        try {
            return method().invoke(args);
        } catch (InvocationTargetException e) {
            throw new MethodFailed(applicationFailed(e.getCause()));
        } catch (IllegalArgumentException e) {
            throw new RpcException(StatusCode.BAD_REQUEST, "the arguments do not fit " + method().describe() + ": "
                    + e.getMessage());
        } catch (IllegalAccessException e) {
            throw new RpcException(StatusCode.INTERNAL, "cannot invoke " + method().describe() + ": "
                    + e.getMessage(), e);
        } finally {
            currentCall.restore(previous);
        }
    }

    /** The asynchronous result of the method, handed to the call's work so that a cancel reaches it. */
    private CompletionStage<?> pending(Object result) {
        if (result == null) {
            String message = method().describe() + " returned null instead of a CompletableFuture";
            throw new RpcException(StatusCode.INTERNAL, message, new NullPointerException(message));
        }
        CompletionStage<?> stage = (CompletionStage<?>) result;
        resultPending(stage);
        return stage;
    }

    private void answerWhenDone(CompletionStage<?> stage) {
        if (stage instanceof CompletableFuture<?> future && future.isDone() && !future.isCompletedExceptionally()) {
            // Already answered, as a method returning completedFuture(value) is: send it now, without the dependent
            // future and the callback whenComplete would allocate. A failed one takes the path below, unchanged.
            answerCompleted(future.getNow(null), null);
            return;
        }
        stage.whenComplete(this::answerCompleted);
    }

    /** Answers with what the method's asynchronous result completed with. */
    private void answerCompleted(Object value, Throwable failure) {
        try {
            answer(value, failure == null ? null : applicationFailed(failure));
        } catch (RuntimeException | Error e) {
            call().sendError(StatusCode.INTERNAL, e.getClass().getName(), "the server failed answering "
                    + method().describe() + ": " + e);
        }
    }

    private Throwable applicationFailed(Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        applicationFailure = cause;
        return cause;
    }

    private void answer(Object value, Throwable failure) {
        if (failure == null) {
            call().sendValue(value, method().descriptor().resultType());
            return;
        }
        Throwable cause = Causes.unwrap(failure);
        if (cause == applicationFailure) {
            if (log.isDebugEnabled()) {
                log.debug("{} threw for {}", method().describe(), call().remoteAddress(), cause);
            }
            call().sendError(StatusCode.APPLICATION_ERROR, cause.getClass().getName(), cause.getMessage());
        } else if (cause instanceof RpcException rejected) {
            StatusCode status = rejected.status();
            boolean travels = status.wireValue() < StatusCode.CODEC_ERROR.wireValue();
            call().sendError(travels ? status : StatusCode.INTERNAL,
                    rejected.getCause() == null ? null : rejected.getCause().getClass().getName(),
                    travels ? rejected.getMessage() : "[" + status + "] " + rejected.getMessage());
        } else if (!(cause instanceof CancellationException && call().isDone())) {
            log.warn("A server interceptor failed on {} for {}", method().describe(), call().remoteAddress(), cause);
            call().sendError(StatusCode.INTERNAL, cause.getClass().getName(),
                    "a server interceptor failed on " + method().describe() + ": " + cause.getMessage());
        }
    }

    /** What the service method itself threw, apart from the failures of decoding and invoking it. */
    private static final class MethodFailed extends Exception {

        MethodFailed(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }
}
