package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;

/**
 * The streams codecs write and read bodies through, one of each per thread that codes for one transport (its event
 * loops, a server's workers, a client's callers), reused call after call: a stream made per encode and per decode
 * was about 30 bytes each, four a call over client and server. A thread whose stream is attached already (a codec
 * that makes a call of its own while coding one) gets a fresh stream, so uses never share one.
 *
 * <p>A stream is handed out attached and is detached by its user when done. Per transport rather than static,
 * as the codecs' own sessions are: the streams go with the transport and with the threads that used them.
 */
final class FrameStreams {

    private final ThreadLocal<FrameOutputStream> outputs = ThreadLocal.withInitial(FrameOutputStream::new);
    private final ThreadLocal<FrameInputStream> inputs = ThreadLocal.withInitial(FrameInputStream::new);

    /** This thread's output stream, appending to {@code frame}; detach it when the body is written. */
    FrameOutputStream writingTo(ByteBuf frame) {
        FrameOutputStream own = outputs.get();
        return (own.isAttached() ? new FrameOutputStream() : own).attach(frame);
    }

    /** This thread's input stream, reading the readable bytes of {@code frame}; detach it when the body is read. */
    FrameInputStream readingFrom(ByteBuf frame) {
        FrameInputStream own = inputs.get();
        return (own.isAttached() ? new FrameInputStream() : own).attach(frame);
    }
}
