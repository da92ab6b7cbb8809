package io.seedrpc.transport.netty;

import io.netty.handler.ssl.SslContext;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.JsonCodec;
import io.seedrpc.transport.HttpServices;
import io.seedrpc.transport.ServerCallHandler;
import io.seedrpc.transport.ServerTransportSettings;

/**
 * What every server-side connection handler needs to know, shared by all connections of one transport.
 *
 * @param authToken  the token clients must present (in the handshake, and on HTTP as a bearer token), {@code null}
 *                   for none
 * @param json       the codec of HTTP calls: the registry's JSON codec, so HTTP and binary JSON calls decode alike
 * @param sslContext {@code null} when the port speaks plaintext
 * @param budget     the bytes all connections together hold in large frames arriving, requests and answers
 * @param streams    the streams binary calls code their bodies through, one pair per thread
 */
record ServerChannelSetup(ServerTransportSettings settings, String authToken, CodecRegistry codecs,
                          ServerCallHandler callHandler, HttpServices http, JsonCodec json,
                          ServerConnections connections, SslContext sslContext, MemoryBudget budget,
                          FrameStreams streams) {

    /** The JSON codec of {@code codecs}, or one sharing their allowlist when a custom registry left it out. */
    static JsonCodec jsonCodecOf(CodecRegistry codecs) {
        return codecs.all().stream()
                .filter(JsonCodec.class::isInstance)
                .map(JsonCodec.class::cast)
                .findFirst()
                .orElseGet(() -> new JsonCodec(codecs.allowlist()));
    }
}
