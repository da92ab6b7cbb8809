package io.seedrpc.transport.netty;

import java.security.cert.CertificateException;

/** The server's certificate is trusted but does not name the host the client connected to. */
final class HostnameMismatchException extends CertificateException {

    HostnameMismatchException(String host, CertificateException cause) {
        super("the certificate does not name " + (host == null ? "the host" : host) + ": " + cause.getMessage(),
                cause);
    }
}
