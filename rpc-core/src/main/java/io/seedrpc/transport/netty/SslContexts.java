package io.seedrpc.transport.netty;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.seedrpc.tls.TlsSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Turns {@link TlsSettings} into Netty's {@link SslContext}, on the JDK's TLS provider. */
final class SslContexts {

    private SslContexts() {
    }

    /**
     * The server side.
     *
     * @throws IllegalArgumentException when the settings have no key material or it cannot be used
     */
    static SslContext forServer(TlsSettings tls) {
        if (!tls.hasKeyMaterial()) {
            throw new IllegalArgumentException("TLS on a server needs key material: its certificate and private key");
        }
        SslContextBuilder builder = tls.keyManagers() != null ? SslContextBuilder.forServer(tls.keyManagers())
                : SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile());
        if (tls.trustManagers() != null || tls.trustedCertificates() != null) {
            builder.trustManager(trustManagers(tls));
        }
        builder.clientAuth(switch (tls.clientAuth()) {
            case NONE -> ClientAuth.NONE;
            case WANT -> ClientAuth.OPTIONAL;
            case NEED -> ClientAuth.REQUIRE;
        });
        return build(builder, tls, "server");
    }

    /**
     * The client side. The server's certificate is checked against the trust material first and for the host
     * name second, so that each failure has its own exception type ({@link ServerCertificateCheck}).
     *
     * @throws IllegalArgumentException when the key or trust material cannot be used
     */
    static SslContext forClient(TlsSettings tls) {
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (tls.keyManagers() != null) {
            builder.keyManager(tls.keyManagers());
        } else if (tls.certificateChain() != null) {
            builder.keyManager(tls.certificateChain().toFile(), tls.privateKey().toFile());
        }
        builder.trustManager(new ServerCertificateCheck(x509(trustManagers(tls)), tls.verifyHostname()));
        builder.endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
        return build(builder, tls, "client");
    }

    private static SslContext build(SslContextBuilder builder, TlsSettings tls, String side) {
        builder.sslProvider(SslProvider.JDK);
        if (!tls.protocols().isEmpty()) {
            builder.protocols(tls.protocols());
        }
        if (!tls.ciphers().isEmpty()) {
            builder.ciphers(tls.ciphers());
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + side + " TLS settings cannot be used: " + e.getMessage(), e);
        }
    }

    /** The given trust material, or the JDK's default CAs. */
    private static TrustManagerFactory trustManagers(TlsSettings tls) {
        if (tls.trustManagers() != null) {
            return tls.trustManagers();
        }
        try {
            KeyStore store = null;
            if (tls.trustedCertificates() != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                Collection<? extends Certificate> certificates;
                try (InputStream in = Files.newInputStream(tls.trustedCertificates())) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException("the trusted certificates file " + tls.trustedCertificates()
                            + " holds no certificate");
                }
                int i = 0;
                for (Certificate certificate : certificates) {
                    store.setCertificateEntry("trusted-" + i++, certificate);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the trusted certificates " + tls.trustedCertificates()
                    + ": " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager x509(TrustManagerFactory factory) {
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new IllegalArgumentException("the trust material has no X.509 trust manager");
    }
}
