package io.seedrpc.registry;

import java.net.URI;

/**
 * A registry request failed: the registry could not be reached, did not answer in time, or answered with a
 * status the request did not expect. The message names the URL and, when there was an answer, its status and
 * the registry's own message.
 */
public final class RegistryException extends RuntimeException {

    /** {@link #status()} when there was no HTTP answer at all. */
    public static final int NO_RESPONSE = -1;

    private final URI uri;
    private final int status;

    RegistryException(String method, URI uri, int status, String detail, Throwable cause) {
        super(method + " " + uri + (status == NO_RESPONSE ? " failed: " : " answered " + status + ": ") + detail,
                cause);
        this.uri = uri;
        this.status = status;
    }

    /** The URL of the failed request. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status the registry answered with, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }
}
