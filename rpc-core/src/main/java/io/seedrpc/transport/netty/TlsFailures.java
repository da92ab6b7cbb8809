package io.seedrpc.transport.netty;

import io.netty.handler.ssl.NotSslRecordException;
import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;

import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/** Says why a TLS connection to a server failed, in terms of what the user has to change. */
final class TlsFailures {

    private TlsFailures() {
    }

    /** Whether {@code failure} is, or was caused by, a TLS failure. */
    static boolean isTls(Throwable failure) {
        return find(failure, SSLException.class) != null;
    }

    /** A {@link StatusCode#CONNECTION_ERROR} naming {@code address} and what to fix. */
    static RpcException describe(Address address, Throwable failure) {
        return new RpcException(StatusCode.CONNECTION_ERROR, message(address, failure), failure);
    }

    private static String message(Address address, Throwable failure) {
        if (find(failure, NotSslRecordException.class) != null) {
            return address + " answered without TLS: TLS was not expected on that port (the server has no TLS "
                    + "there); enable TLS on the server, or remove this client's TLS settings";
        }
        HostnameMismatchException mismatch = find(failure, HostnameMismatchException.class);
        if (mismatch != null) {
            return "the TLS certificate of " + address + " does not match the host name: " + mismatch.getMessage()
                    + "; connect by a name the certificate lists, or reissue it with " + address.host()
                    + " as a subject alternative name";
        }
        CertificateExpiredException expired = find(failure, CertificateExpiredException.class);
        if (expired != null) {
            return "the TLS certificate of " + address + " has expired (" + expired.getMessage()
                    + "); renew the server's certificate";
        }
        CertificateNotYetValidException notYet = find(failure, CertificateNotYetValidException.class);
        if (notYet != null) {
            return "the TLS certificate of " + address + " is not valid yet (" + notYet.getMessage()
                    + "); check the server's certificate and both machines' clocks";
        }
        Exception untrusted = find(failure, CertPathBuilderException.class);
        if (untrusted == null) {
            untrusted = find(failure, CertPathValidatorException.class);
        }
        if (untrusted != null) {
            return "the TLS certificate of " + address + " is not trusted by this client (" + untrusted.getMessage()
                    + "); add the CA that issued it to the client's trust material";
        }
        if (find(failure, ClosedChannelException.class) != null) {
            return address + " closed the connection during the TLS handshake; it may not speak TLS on that port,"
                    + " or it refused this client's certificate";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "the TLS handshake with " + address + " failed: " + root.getMessage() + "; if the server requires"
                + " client certificates (mutual TLS), give this client key material that the server trusts";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
