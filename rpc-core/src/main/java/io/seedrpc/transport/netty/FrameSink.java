package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;

/**
 * Takes each whole frame from a {@link FrameDecoder} while the decoder still holds the bytes read: the frame is not
 * passed down the pipeline as a buffer of its own. Used where every frame is handled at once, on the event loop,
 * and nothing of it is kept (the client), so that a frame costs no slice object and no reference count.
 */
interface FrameSink {

    /**
     * Handles one frame. {@code frame} is the read buffer itself, its reader index at the frame's type byte and its
     * writer index at the frame's end: relative reads ({@code readLong}, {@link FrameInputStream}) cannot pass the
     * frame's end, and a frame shorter than its fields fails with an {@link IndexOutOfBoundsException}. Absolute
     * reads ({@code getLong(index)}) are not bounded by the frame and must not be used. The buffer is valid only
     * during this call: the sink must not keep, retain or release it. Runs on the channel's event loop.
     */
    void onFrame(ByteBuf frame);
}
