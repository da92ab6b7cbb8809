/**
 * The seams between the server and client and the wire: {@link io.seedrpc.transport.ServerTransport} and
 * {@link io.seedrpc.transport.ServerCall}/{@link io.seedrpc.transport.ServerCallHandler} on the server side,
 * {@link io.seedrpc.transport.ClientConnection} on the client side. Their one implementation, on Netty, lives in
 * {@code io.seedrpc.transport.netty}, package-private behind its factory.
 *
 * <p>Internal to SeedRPC: these types are public only because the server and client live in other packages.
 * Users configure a server through {@code RpcServer.Builder}; of this package they read back
 * {@link io.seedrpc.transport.ServerLimits} and {@link io.seedrpc.transport.MetadataLimits} through
 * {@code RpcServer.settings()}.
 */
package io.seedrpc.transport;
