package io.seedrpc.transport.netty;

import io.netty.channel.Channel;
import io.seedrpc.codec.Codec;

/**
 * One binary connection once its handshake is done, as the calls on it see it: the codec and the client's frame
 * limit the handshake fixed, the queue their answers leave by, the budget their large bodies count against, and the
 * table of calls in flight each one leaves when it ends. Made by the connection's {@link ServerConnectionHandler};
 * a call only ever writes through it, never back into the handler.
 *
 * @param remote             the client's address, for log lines
 * @param clientMaxFrameSize the largest frame the client accepts, from its handshake
 * @param connections        the transport's connections, which count answers between a call's end and their queueing
 * @param streams            the transport's streams its calls code their bodies through
 */
record RpcConnection(Channel channel, String remote, Codec codec, int clientMaxFrameSize, OutboundQueue out,
                     MemoryBudget budget, ServerConnections connections, CallTable<NettyServerCall> calls,
                     FrameStreams streams) {
}
