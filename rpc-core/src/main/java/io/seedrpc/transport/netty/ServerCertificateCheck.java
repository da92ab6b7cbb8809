package io.seedrpc.transport.netty;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks a server's certificate in two steps: is it trusted (the delegate's PKIX check: signed by a trusted CA,
 * within its validity), then does it name the host (the delegate again, with the engine's endpoint
 * identification). A failure of the second step becomes a {@link HostnameMismatchException}, so the client can
 * tell the user which of the two to fix without reading exception messages.
 */
final class ServerCertificateCheck extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final boolean verifyHostname;

    ServerCertificateCheck(X509ExtendedTrustManager delegate, boolean verifyHostname) {
        this.delegate = delegate;
        this.verifyHostname = verifyHostname;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        if (verifyHostname) {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw new HostnameMismatchException(engine == null ? null : engine.getPeerHost(), e);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        if (verifyHostname) {
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw new HostnameMismatchException(null, e);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
