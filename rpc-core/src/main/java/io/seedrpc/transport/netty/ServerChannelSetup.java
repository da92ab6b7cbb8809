package io.seedrpc.transport.netty;

import io.netty.handler.ssl.SslContext;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.transport.ServerCallHandler;
import io.seedrpc.transport.ServerTransportOptions;

import java.util.function.Supplier;

/**
 * What every server-side connection handler needs to know, shared by all connections of one transport.
 * {@code sslContext} is {@code null} when the port speaks plaintext.
 */
record ServerChannelSetup(ServerTransportOptions options, CodecRegistry codecs, ServerCallHandler callHandler,
                          Supplier<String> debugPage, ServerConnections connections, SslContext sslContext) {
}
