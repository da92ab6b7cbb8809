package io.seedrpc.transport;

/**
 * How much request metadata a server accepts per call. A request over either bound is answered
 * {@link io.seedrpc.StatusCode#BAD_REQUEST} on its own; the connection and the other calls on it go on.
 *
 * @param maxEntries the most entries
 * @param maxBytes   the most bytes of keys and values together, in UTF-8
 */
public record MetadataLimits(int maxEntries, int maxBytes) {

    /** 64 entries, 8 KiB. */
    public static final MetadataLimits DEFAULT = new MetadataLimits(64, 8 * 1024);

    public MetadataLimits {
        if (maxEntries < 0 || maxEntries > 65_535) {
            throw new IllegalArgumentException("maxMetadataEntries must be within 0..65535, was " + maxEntries);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxMetadataSize must be at least 0 bytes, was " + maxBytes);
        }
    }
}
