package io.seedrpc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a server listens, as users write it: {@code tcp://host:port} for the binary protocol straight away, or
 * {@code http://host:port} to open the connection with an HTTP {@code CONNECT} and then speak the same protocol
 * (for paths through HTTP-only middleboxes; the server answers both on one port).
 *
 * @param scheme how the connection is opened
 * @param host   host name or IP literal (IPv6 without brackets)
 * @param port   1 to 65535
 */
public record Address(Scheme scheme, String host, int port) {

    /** How a connection to an address is opened. */
    public enum Scheme {
        /** The binary protocol from the first byte. */
        TCP,
        /** An HTTP CONNECT request first, then the binary protocol. */
        HTTP
    }

    public Address {
        Objects.requireNonNull(scheme, "scheme");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("address has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of address " + host + " is outside 1..65535");
        }
    }

    /** A plain TCP address. */
    public static Address tcp(String host, int port) {
        return new Address(Scheme.TCP, host, port);
    }

    /**
     * Parses {@code tcp://host:port}, {@code http://host:port} or a bare {@code host:port} (taken as TCP).
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Address parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address; expected tcp://host:port or http://host:port");
        }
        String trimmed = text.trim();
        String withScheme = trimmed.contains("://") ? trimmed : "tcp://" + trimmed;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed address '" + text + "': " + e.getMessage(), e);
        }
        String schemeName = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Scheme scheme = switch (schemeName) {
            case "tcp" -> Scheme.TCP;
            case "http" -> Scheme.HTTP;
            default -> throw new IllegalArgumentException("address '" + text + "' has scheme '" + schemeName
                    + "'; expected tcp:// or http://");
        };
        String host = uri.getHost();
        if (host == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("address '" + text + "' needs both a host and a port, as in "
                    + schemeName + "://127.0.0.1:9100");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("address '" + text + "' has a path; expected only scheme://host:port");
        }
        return new Address(scheme, host, uri.getPort());
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme.name().toLowerCase(Locale.ROOT) + "://" + h + ":" + port;
    }
}
