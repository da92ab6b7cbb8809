package io.seedrpc.registry.app.live;

/** A blocking query was refused because the registry already holds as many parked queries as it allows. */
public final class TooManyWatchersException extends RuntimeException {

    public TooManyWatchersException(int limit) {
        super(limit + " blocking queries are already waiting, the most this registry holds "
                + "(rpc.registry.limits.max-watchers); retry later or query without index");
    }
}
