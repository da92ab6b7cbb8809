package io.seedrpc.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the RPC port, given to {@code RpcServer.Builder.tls} or {@code RpcClient.Builder.tls}: this side's key
 * material (its certificate and private key), the trust material that checks the other side's certificate, the
 * protocols, and on a server whether clients must present a certificate. Immutable and thread-safe.
 *
 * <p>A server needs key material; a client needs trust material unless the JDK's default CAs issued the server's
 * certificate, and key material only when servers ask for client certificates. A client checks that the server's
 * certificate names the host it connects to (its subject alternative names), as HTTPS does; turn that off only
 * for tests. Key and trust material come either as the JDK's factories (what a Spring Boot SSL bundle holds) or
 * as PEM files. The JDK's TLS provider does the work.
 */
public final class TlsSettings {

    /** Whether a server asks clients for a certificate. */
    public enum ClientAuth {
        /** Clients are not asked for a certificate. */
        NONE,
        /** Clients are asked; one that presents none is still served, one that presents an untrusted one is not. */
        WANT,
        /** Clients must present a certificate the server's trust material accepts (mutual TLS). */
        NEED
    }

    private final KeyManagerFactory keyManagers;
    private final Path certificateChain;
    private final Path privateKey;
    private final TrustManagerFactory trustManagers;
    private final Path trustedCertificates;
    private final List<String> protocols;
    private final List<String> ciphers;
    private final ClientAuth clientAuth;
    private final boolean verifyHostname;

    private TlsSettings(Builder builder) {
        this.keyManagers = builder.keyManagers;
        this.certificateChain = builder.certificateChain;
        this.privateKey = builder.privateKey;
        this.trustManagers = builder.trustManagers;
        this.trustedCertificates = builder.trustedCertificates;
        this.protocols = builder.protocols;
        this.ciphers = builder.ciphers;
        this.clientAuth = builder.clientAuth;
        this.verifyHostname = builder.verifyHostname;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether key material was given. */
    public boolean hasKeyMaterial() {
        return keyManagers != null || certificateChain != null;
    }

    /** The key material as a factory, or {@code null} when it was given as PEM files or not at all. */
    public KeyManagerFactory keyManagers() {
        return keyManagers;
    }

    /** The PEM certificate chain, or {@code null} when the key material is a factory or absent. */
    public Path certificateChain() {
        return certificateChain;
    }

    /** The PEM private key (PKCS#8) that goes with {@link #certificateChain()}, or {@code null}. */
    public Path privateKey() {
        return privateKey;
    }

    /** The trust material as a factory, or {@code null}. */
    public TrustManagerFactory trustManagers() {
        return trustManagers;
    }

    /** The PEM file of trusted (CA) certificates, or {@code null}. */
    public Path trustedCertificates() {
        return trustedCertificates;
    }

    /** The protocols to enable, for example {@code TLSv1.3}; empty for the JDK's defaults. */
    public List<String> protocols() {
        return protocols;
    }

    /** The cipher suites to enable; empty for the JDK's defaults. */
    public List<String> ciphers() {
        return ciphers;
    }

    /** Whether a server asks clients for certificates; ignored by clients. */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** Whether a client checks that the server's certificate names the host it connects to. */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /** Builds {@link TlsSettings}; every setting is optional, but a server needs key material. */
    public static final class Builder {

        private KeyManagerFactory keyManagers;
        private Path certificateChain;
        private Path privateKey;
        private TrustManagerFactory trustManagers;
        private Path trustedCertificates;
        private List<String> protocols = List.of();
        private List<String> ciphers = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private boolean verifyHostname = true;

        private Builder() {
        }

        /** This side's certificate and private key, as an initialised factory (e.g. a Spring Boot SSL bundle's). */
        public Builder keyManagers(KeyManagerFactory keyManagers) {
            this.keyManagers = Objects.requireNonNull(keyManagers, "keyManagers");
            this.certificateChain = null;
            this.privateKey = null;
            return this;
        }

        /** This side's certificate chain and its unencrypted PKCS#8 private key, as PEM files. */
        public Builder keyMaterial(Path certificateChainPem, Path privateKeyPem) {
            this.certificateChain = readable(certificateChainPem, "certificate chain");
            this.privateKey = readable(privateKeyPem, "private key");
            this.keyManagers = null;
            return this;
        }

        /** The trust material that checks the other side's certificate, as an initialised factory. */
        public Builder trustManagers(TrustManagerFactory trustManagers) {
            this.trustManagers = Objects.requireNonNull(trustManagers, "trustManagers");
            this.trustedCertificates = null;
            return this;
        }

        /** The trusted (CA) certificates, as a PEM file. */
        public Builder trustedCertificates(Path certificatesPem) {
            this.trustedCertificates = readable(certificatesPem, "trusted certificates");
            this.trustManagers = null;
            return this;
        }

        /** The protocols to enable, e.g. {@code "TLSv1.3"}; by default the JDK's. */
        public Builder protocols(List<String> protocols) {
            this.protocols = List.copyOf(protocols);
            return this;
        }

        /** The cipher suites to enable; by default the JDK's. */
        public Builder ciphers(List<String> ciphers) {
            this.ciphers = List.copyOf(ciphers);
            return this;
        }

        /** Whether a server asks clients for certificates; default {@link ClientAuth#NONE}. */
        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /**
         * Whether a client checks that the server's certificate names the host it connects to; default
         * {@code true}. Turning it off lets any certificate the trust material accepts impersonate any server.
         */
        public Builder verifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
            return this;
        }

        public TlsSettings build() {
            return new TlsSettings(this);
        }

        private static Path readable(Path file, String what) {
            Objects.requireNonNull(file, what);
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("the " + what + " file " + file.toAbsolutePath()
                        + " does not exist or cannot be read");
            }
            return file;
        }
    }
}
