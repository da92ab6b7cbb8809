package io.seedrpc.transport.netty;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The handlers of an HTTP connection on the RPC port, in order: a deadline for each request to arrive, the HTTP/1.1
 * codec with bounded request line and headers, a body collector capped at the frame limit, and the endpoint.
 */
final class HttpPipeline {

    /** A request line longer than this is answered 414. */
    static final int MAX_REQUEST_LINE_BYTES = 4096;
    /** Headers larger than this, all together, are answered 431. */
    static final int MAX_HEADER_BYTES = 8192;

    private static final String DEADLINE = "http-deadline";
    private static final String CODEC = "http";
    private static final String BODY = "http-body";
    private static final String ENDPOINT = "http-endpoint";

    private HttpPipeline() {
    }

    /** Adds the HTTP handlers after the handler named {@code after}. */
    static void install(ChannelPipeline pipeline, String after, ServerChannelSetup setup) {
        HttpEndpointHandler endpoint = new HttpEndpointHandler(setup);
        HttpRequestDeadline deadline = new HttpRequestDeadline(setup.settings().unfinishedHandshakeTimeout().toMillis(),
                endpoint::requestTimedOut);
        HttpDecoderConfig limits = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES);
        pipeline.addAfter(after, DEADLINE, deadline);
        pipeline.addAfter(DEADLINE, CODEC, new HttpServerCodec(limits));
        pipeline.addAfter(CODEC, BODY, new HttpBodyCollector(setup.settings().maxFrameSize(), deadline::requestArrived));
        pipeline.addAfter(BODY, ENDPOINT, endpoint);
        // HTTP has no handshake: the deadline of each request, answered 408, replaces the handshake's.
        pipeline.channel().attr(NettyServerTransport.HANDSHAKE_DONE).set(Boolean.TRUE);
    }

    /**
     * Turns the connection over to the binary protocol (after {@code CONNECT}): a fresh protocol detector takes
     * the bytes that follow, including any the HTTP codec had already read.
     */
    static void removeForTunnel(ChannelPipeline pipeline, ServerChannelSetup setup) {
        // Only the binary protocol may follow: anything else in the tunnel closes the connection with one WARN.
        pipeline.addAfter(ENDPOINT, "tunnel-detector", ProtocolDetector.binaryOnly(setup));
        pipeline.remove(BODY);
        pipeline.remove(CODEC);
        pipeline.remove(DEADLINE);
        pipeline.remove(ENDPOINT);
    }
}
