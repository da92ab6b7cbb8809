package io.seedrpc.protocol;

/** Constants of the wire protocol, version 2. See {@code docs/protocol.md}. */
public final class Protocol {

    /** The first four bytes a client sends on a connection. Not ASCII, so it never looks like an HTTP request. */
    public static final int MAGIC = 0x5EEDC0DE;

    /**
     * The protocol version sent right after {@link #MAGIC}. Version 2 added the metadata block to REQUEST frames;
     * a server answers a preface of any other version with a rejected handshake naming both versions.
     */
    public static final byte VERSION = 2;

    /** The largest frame either side accepts unless configured otherwise: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

    /** The longest service key, method key or error class name a frame may carry, in UTF-8 bytes. */
    public static final int MAX_SHORT_STRING_BYTES = 65_535;

    private Protocol() {
    }
}
