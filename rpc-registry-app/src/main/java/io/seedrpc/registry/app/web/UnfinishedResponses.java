package io.seedrpc.registry.app.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Counts the requests whose response has not been written to the connection yet, so that stopping can wait for
 * them ({@link ResponseDrain}) before the web server closes the connections.
 *
 * <p>Why Tomcat's own count is not enough: Spring Boot's graceful shutdown waits while a servlet is running or an
 * async request is in progress, but Tomcat counts an async request as done when its dispatch <em>starts</em>
 * ({@code AsyncStateMachine.asyncDispatched}), before the servlet has written the answer, and a servlet as done
 * when it returns, before the container writes the response's end ({@code CoyoteAdapter} finishes the response
 * after the pipeline). A blocking query released at shutdown is dispatched in exactly that gap, and the
 * connection could be closed with its answer unwritten.
 *
 * <p>As the engine's first valve this sees every pass of a request through the container, its first one and every
 * async dispatch (error pages included). A request counts from its first pass until a pass ends with the request
 * no longer async: that pass finishes the response here (the container's own finish afterwards does nothing) and
 * only then stops counting it. An async request ended by {@code AsyncContext.complete()} without a dispatch (Spring
 * does so when the client has gone) stops counting when the container reports it complete.
 *
 * <p>Thread-safe.
 */
final class UnfinishedResponses extends ValveBase {

    private static final String NOTE = UnfinishedResponses.class.getName();

    private int unfinished;

    UnfinishedResponses() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        Exchange exchange = (Exchange) request.getNote(NOTE);
        if (exchange == null) {
            exchange = new Exchange();
            request.setNote(NOTE, exchange);
            opened();
        }
        exchange.enterPass();
        boolean passed = false;
        try {
            getNext().invoke(request, response);
            passed = true;
        } finally {
            if (!(passed && exchange.leavePassStillAsync(request))) {
                try {
                    if (passed) {
                        // What the container would do after this valve returns, done before the count drops.
                        request.finishRequest();
                        response.finishResponse();
                    }
                } finally {
                    exchange.finished();
                }
            }
        }
    }

    /** How many responses are not finished now. */
    synchronized int unfinished() {
        return unfinished;
    }

    /**
     * Waits until every response is finished, at most {@code timeout}.
     *
     * @return whether they all are; {@code false} when the time ran out first
     */
    synchronized boolean awaitAllFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unfinished > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        return true;
    }

    /** One more response to wait for. */
    synchronized void opened() {
        unfinished++;
    }

    /** One response fewer. */
    synchronized void closed() {
        unfinished--;
        if (unfinished == 0) {
            notifyAll();
        }
    }

    /** One request across its passes through the container; counted once, uncounted once. */
    private final class Exchange implements AsyncListener {

        private boolean inPass;
        private boolean listening;
        private boolean completed;
        private boolean finished;

        synchronized void enterPass() {
            inPass = true;
        }

        /**
         * Ends a pass that ran without an exception: {@code true} when the request is still async, so that a later
         * pass (or the container's completion) finishes it.
         */
        boolean leavePassStillAsync(Request request) {
            AsyncContext async;
            synchronized (this) {
                inPass = false;
                if (completed || !request.isAsync()) {
                    return false;
                }
                if (listening) {
                    return true;
                }
                listening = true;
                async = request.getAsyncContextInternal();
            }
            async.addListener(this);
            return true;
        }

        void finished() {
            synchronized (this) {
                inPass = false;
                if (finished) {
                    return;
                }
                finished = true;
            }
            closed();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            synchronized (this) {
                completed = true;
                if (inPass) {
                    // Completed by a dispatch still inside this valve: the valve finishes the response first.
                    return;
                }
            }
            finished();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // A new async cycle drops the listeners; stay on to see this one end too.
            event.getAsyncContext().addListener(this);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // The application answers the timeout in a dispatch that comes through this valve.
        }

        @Override
        public void onError(AsyncEvent event) {
            // Followed by onComplete, or by a dispatch that comes through this valve.
        }
    }
}
