package io.seedrpc.benchmark.targets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The key material of the TLS rows, made by the server JVM with the JDK's keytool: one self-signed EC P-256
 * certificate for 127.0.0.1 in a PKCS#12 store. The server publishes it under a name that holds its port, so the
 * client JVM, which knows only the port, trusts exactly that certificate.
 */
final class BenchTls {

    private static final char[] PASSWORD = "benchmark".toCharArray();

    private BenchTls() {
    }

    /** Makes a fresh self-signed certificate in a temporary store; returns the store. */
    static Path makeStore() throws IOException, InterruptedException {
        Path store = Files.createTempFile("seedrpc-bench-tls-", ".p12");
        Files.delete(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IOException("keytool could not make the benchmark's TLS certificate");
        }
        return store;
    }

    /** Moves {@code store} to where the client for {@code port} looks for it. */
    static void publish(Path store, int port) throws IOException {
        Files.move(store, published(port), StandardCopyOption.REPLACE_EXISTING);
    }

    static void unpublish(int port) {
        try {
            Files.deleteIfExists(published(port));
        } catch (IOException e) {
            // a stale file in the temporary directory is harmless: the next server of that port replaces it
        }
    }

    static KeyManagerFactory keyManagers(Path store) throws IOException, GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(load(store), PASSWORD);
        return factory;
    }

    /** Trusts the certificate the server on {@code port} published. */
    static TrustManagerFactory trustManagers(int port) throws IOException, GeneralSecurityException {
        KeyStore keys = load(published(port));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (String alias : Collections.list(keys.aliases())) {
            trust.setCertificateEntry(alias, keys.getCertificate(alias));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory;
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    private static Path published(int port) {
        return Path.of(System.getProperty("java.io.tmpdir"), "seedrpc-bench-tls-" + port + ".p12");
    }
}
