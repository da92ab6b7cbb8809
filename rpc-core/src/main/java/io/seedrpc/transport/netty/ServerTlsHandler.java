package io.seedrpc.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the server's {@code SslHandler}: logs a failed TLS handshake once, naming the peer, and closes
 * the connection on any TLS error (a client with an untrusted or missing certificate, garbage instead of TLS
 * records) without the error travelling further down the pipeline.
 */
final class ServerTlsHandler extends TlsErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ServerTlsHandler.class);

    @Override
    void report(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        log.warn("Closing connection from {}: TLS failed: {}", ctx.channel().remoteAddress(), root.getMessage());
    }
}
