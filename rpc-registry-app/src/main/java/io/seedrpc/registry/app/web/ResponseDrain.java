package io.seedrpc.registry.app.web;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the web server's stop until every response already under way has been written, at most {@code limit}.
 * It stops just after the graceful shutdown (which has closed the listening socket and seen no servlet running)
 * and just before the web server stops and closes the remaining connections; see {@link UnfinishedResponses} for
 * the gap it closes.
 */
final class ResponseDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResponseDrain.class);

    private final UnfinishedResponses responses;
    private final Duration limit;
    private volatile boolean running;

    ResponseDrain(UnfinishedResponses responses, Duration limit) {
        this.responses = responses;
        this.limit = limit;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (!responses.awaitAllFinished(limit)) {
                log.warn("{} responses were still being written after {}; their connections close now",
                        responses.unfinished(), limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while waiting for {} responses to be written; their connections close now",
                    responses.unfinished());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the graceful shutdown's phase, before the web server's own stop. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 1;
    }
}
