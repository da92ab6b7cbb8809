package io.seedrpc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time (EC P-256 keys, nothing on disk until asked), which issues server and
 * client certificates with chosen names and validity. Tests use it so that no private key is ever committed.
 */
public final class TestPki {

    private static final char[] PASSWORD = "test".toCharArray();

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final AtomicLong serial = new AtomicLong(1);

    private TestPki(String name) {
        this.caKeys = newKeyPair();
        Instant now = Instant.now();
        this.caCertificate = sign(new X500Name("CN=" + name), caKeys, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)), true, List.of(), new X500Name("CN=" + name), caKeys.getPrivate());
    }

    /** A new CA named {@code name}. */
    public static TestPki create(String name) {
        return new TestPki(name);
    }

    /** A certificate for 127.0.0.1 and localhost, valid from yesterday until tomorrow. */
    public Issued issue(String commonName) {
        Instant now = Instant.now();
        return issue(commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), "127.0.0.1",
                "localhost");
    }

    /**
     * A certificate valid between the two instants, naming {@code hosts} as subject alternative names (IP
     * addresses or DNS names).
     */
    public Issued issue(String commonName, Instant notBefore, Instant notAfter, String... hosts) {
        KeyPair keys = newKeyPair();
        X509Certificate certificate = sign(new X500Name("CN=" + commonName), keys, notBefore, notAfter, false,
                List.of(hosts), new X500Name(caCertificate.getSubjectX500Principal().getName()), caKeys.getPrivate());
        return new Issued(keys.getPrivate(), certificate, caCertificate);
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** Trust material that trusts this CA only. */
    public TrustManagerFactory trustManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", caCertificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a PKCS#12 trust store holding this CA's certificate. */
    public Path writeTrustStore(Path file, String password) {
        try (var out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", caCertificate);
            store.store(out, password.toCharArray());
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the CA certificate as PEM to {@code file}. */
    public Path writeCaPem(Path file) {
        return write(file, pem("CERTIFICATE", encoded(caCertificate)));
    }

    /** A certificate with its private key, and the CA that issued it. */
    public record Issued(PrivateKey privateKey, X509Certificate certificate, X509Certificate ca) {

        /** Key material holding this certificate and key. */
        public KeyManagerFactory keyManagers() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("key", privateKey, PASSWORD, new X509Certificate[] {certificate, ca});
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, PASSWORD);
                return factory;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes this certificate, its key and the CA to a PKCS#12 key store. */
        public Path writePkcs12(Path file, String password) {
            try (var out = Files.newOutputStream(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("key", privateKey, password.toCharArray(), new X509Certificate[] {certificate, ca});
                store.store(out, password.toCharArray());
                return file;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes the certificate chain (this certificate, then the CA) as PEM to {@code file}. */
        public Path writeCertificatePem(Path file) {
            return write(file, pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(ca)));
        }

        /** Writes the private key as unencrypted PKCS#8 PEM to {@code file}. */
        public Path writeKeyPem(Path file) {
            return write(file, pem("PRIVATE KEY", privateKey.getEncoded()));
        }
    }

    private X509Certificate sign(X500Name subject, KeyPair keys, Instant notBefore, Instant notAfter, boolean ca,
                                 List<String> hosts, X500Name issuer, PrivateKey issuerKey) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(System.nanoTime()).shiftLeft(16).add(BigInteger.valueOf(serial.getAndIncrement())),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (!hosts.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String host : hosts) {
                    boolean ip = Character.isDigit(host.charAt(0)) || host.contains(":");
                    names.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress())
                            : new GeneralName(GeneralName.dNSName, host));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
