package io.seedrpc.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingFutureTest {

    @Test
    void cancellingReachesEveryPartStartedBeforeAndTheHook() {
        AtomicInteger hook = new AtomicInteger();
        ForwardingFuture<Object> call = new ForwardingFuture<>() {
            @Override
            protected void onCancel() {
                hook.incrementAndGet();
            }
        };
        CompletableFuture<Object> first = call.forwardCancelTo(new CompletableFuture<>());
        CompletableFuture<Object> second = call.forwardCancelTo(new CompletableFuture<>());

        assertThat(call.cancel(true)).isTrue();

        assertThat(first).isCancelled();
        assertThat(second).isCancelled();
        assertThat(hook).hasValue(1);
    }

    @Test
    void aPartStartedAfterTheCancelIsCancelledAtOnce() {
        ForwardingFuture<Object> call = new ForwardingFuture<>();
        call.cancel(false);
        CompletableFuture<Object> late = call.forwardCancelTo(new CompletableFuture<>());
        assertThat(late).isCancelled();
    }

    @Test
    void aPartForwardedAfterACancelIsCancelledAtOnceAlsoWhenAnotherCameBefore() {
        ForwardingFuture<Object> call = new ForwardingFuture<>();
        AtomicInteger cancels = new AtomicInteger();
        CompletableFuture<Object> first = call.forwardCancelTo(new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancels.incrementAndGet();
                return super.cancel(mayInterruptIfRunning);
            }
        });
        call.cancel(true);
        call.cancel(true);
        CompletableFuture<Object> retry = call.forwardCancelTo(new CompletableFuture<>());
        CompletableFuture<Object> another = call.forwardCancelTo(new CompletableFuture<>());

        assertThat(first).isCancelled();
        assertThat(cancels).as("a part is cancelled once, however often its call is").hasValue(1);
        assertThat(retry).isCancelled();
        assertThat(another).isCancelled();
    }

    @Test
    void followMirrorsTheSourceAndCancelsIt() {
        ForwardingFuture<Object> ok = new ForwardingFuture<>();
        CompletableFuture<Object> okSource = new CompletableFuture<>();
        ok.follow(okSource);
        okSource.complete("answer");
        assertThat(ok).isCompletedWithValue("answer");

        ForwardingFuture<Object> failed = new ForwardingFuture<>();
        failed.follow(CompletableFuture.failedFuture(new IllegalStateException("boom")));
        assertThat(failed).isCompletedExceptionally();

        ForwardingFuture<Object> cancelled = new ForwardingFuture<>();
        CompletableFuture<Object> running = new CompletableFuture<>();
        cancelled.follow(running);
        cancelled.cancel(true);
        assertThat(running).isCancelled();
    }

    @Test
    void causesUnwrapsNestedFutureWrappersButNotOtherExceptions() {
        IllegalStateException root = new IllegalStateException("root");
        assertThat(Causes.unwrap(new CompletionException(new ExecutionException(root)))).isSameAs(root);
        RuntimeException plain = new RuntimeException(root);
        assertThat(Causes.unwrap(plain)).isSameAs(plain);
        CompletionException empty = new CompletionException(null);
        assertThat(Causes.unwrap(empty)).isSameAs(empty);
    }
}
