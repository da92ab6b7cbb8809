package io.seedrpc.transport.netty;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request refused before it reached the endpoint (a malformed head, headers or body over their limits). It
 * travels to the endpoint like a request so that its answer goes out in turn behind the answers still owed to
 * pipelined requests before it.
 *
 * @param status            the HTTP status to answer
 * @param message           what was wrong, for the error body
 * @param closeAfterAnswer whether the connection must close once answered (the rest of the stream cannot be trusted)
 */
record RefusedRequest(HttpResponseStatus status, String message, boolean closeAfterAnswer) {
}
