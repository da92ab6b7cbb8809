package io.seedrpc.spring.ssl;

import io.seedrpc.spring.diagnostics.RpcStartupException;
import io.seedrpc.tls.TlsSettings;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Looks up the Spring Boot SSL bundles ({@code spring.ssl.bundle.*}) that the {@code rpc.*.ssl.bundle} properties
 * name and turns them into what SeedRPC takes: {@link TlsSettings} for the RPC port, an {@link SSLContext} for
 * {@code https://} registries. A name that is not configured stops the application with a message naming it.
 */
public final class RpcSslBundles {

    private final SslBundles bundles;

    /** @param bundles the application's bundles; {@code null} when it has none (no SSL auto-configuration) */
    public RpcSslBundles(SslBundles bundles) {
        this.bundles = bundles;
    }

    /**
     * TLS for the RPC server: the bundle's key store is the server's certificate and key, its trust store checks
     * client certificates.
     *
     * @param property the property that named the bundle, for the error message
     */
    public TlsSettings serverTls(String property, String bundleName, TlsSettings.ClientAuth clientAuth) {
        SslBundle bundle = bundle(property, bundleName);
        if (bundle.getStores().getKeyStore() == null) {
            throw new RpcStartupException(property + " names the SSL bundle '" + bundleName
                    + "', which has no key store", "Give the bundle the server's certificate and private key, e.g. "
                    + "spring.ssl.bundle.pem." + bundleName + ".keystore.certificate and .private-key");
        }
        return settings(bundle).clientAuth(clientAuth).build();
    }

    /** TLS for the RPC client: the bundle's trust store checks servers, its key store (if any) is the client's. */
    public TlsSettings clientTls(String property, String bundleName) {
        return settings(bundle(property, bundleName)).build();
    }

    /** The TLS context for {@code https://} registries. */
    public SSLContext sslContext(String property, String bundleName) {
        return bundle(property, bundleName).createSslContext();
    }

    private static TlsSettings.Builder settings(SslBundle bundle) {
        TlsSettings.Builder builder = TlsSettings.builder()
                .keyManagers(bundle.getManagers().getKeyManagerFactory())
                .trustManagers(bundle.getManagers().getTrustManagerFactory());
        SslOptions options = bundle.getOptions();
        if (options.getEnabledProtocols() != null) {
            builder.protocols(List.of(options.getEnabledProtocols()));
        }
        if (options.getCiphers() != null) {
            builder.ciphers(List.of(options.getCiphers()));
        }
        return builder;
    }

    private SslBundle bundle(String property, String bundleName) {
        if (bundles == null) {
            throw new RpcStartupException(property + " names the SSL bundle '" + bundleName
                    + "', but the application has no SSL bundles", "Configure it under spring.ssl.bundle.pem."
                    + bundleName + " (or .jks." + bundleName + "), and keep Spring Boot's SslAutoConfiguration on");
        }
        try {
            return bundles.getBundle(bundleName);
        } catch (NoSuchSslBundleException e) {
            throw new RpcStartupException(property + " names the SSL bundle '" + bundleName
                    + "', which is not configured (configured bundles: " + bundles.getBundleNames() + ")",
                    "Configure it under spring.ssl.bundle.pem." + bundleName + " (or .jks." + bundleName
                    + "), or set " + property + " to one of the configured bundles", e);
        }
    }
}
