package io.linewatch.console;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The console's TLS certificate: a configured one (PEM certificate chain and key), or a self-signed one made with
 * Bouncy Castle on first start (ECDSA P-256, SHA-256, for localhost, 127.0.0.1, ::1 and this host's name, valid
 * {@value #VALID_DAYS} days), stored 0600 in the state folder and reused after.
 */
final class Certificates {
    static final String CERT_FILE = "console-cert.pem";
    static final String KEY_FILE = "console-key.pem";
    static final int VALID_DAYS = 825;

    record Material(PrivateKey key, List<X509Certificate> chain, Path certFile, boolean generated) {
    }

    private Certificates() {
    }

    static Material load(Path stateDir, Path certFile, Path keyFile, PrintStream out) throws IOException {
        if (certFile != null || keyFile != null) {
            if (certFile == null || keyFile == null) {
                throw new IOException("a configured certificate needs both the certificate and its key");
            }
            return new Material(readKey(keyFile), readChain(certFile), certFile, false);
        }
        Path cert = stateDir.resolve(CERT_FILE);
        Path key = stateDir.resolve(KEY_FILE);
        if (Files.exists(cert) && Files.exists(key)) {
            Credentials.Secrets.checkPrivate(key);
            return new Material(readKey(key), readChain(cert), cert, false);
        }
        Material m = generate(cert, key);
        X509Certificate c = m.chain().get(0);
        out.println("console: made a self-signed certificate " + cert + " (SHA-256 fingerprint "
                + fingerprint(c) + ")");
        return m;
    }

    static String fingerprint(X509Certificate c) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < d.length; i++) {
                b.append(i == 0 ? "" : ":").append(String.format("%02X", d[i]));
            }
            return b.toString();
        } catch (GeneralSecurityException e) {
            return "?";
        }
    }

    private static Material generate(Path certFile, Path keyFile) throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = g.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=Linewatch console,O=Linewatch");
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(VALID_DAYS))),
                    name, pair.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            sans.add(new GeneralName(GeneralName.dNSName, "localhost"));
            sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            sans.add(new GeneralName(GeneralName.iPAddress, "::1"));
            try {
                String host = InetAddress.getLocalHost().getHostName();
                if (host != null && !host.isBlank() && !host.equals("localhost")) {
                    sans.add(new GeneralName(GeneralName.dNSName, host));
                }
            } catch (IOException ignored) {
                // no host name: localhost and loopback only
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            Credentials.Secrets.writePrivate(keyFile, pem(pair.getPrivate()));
            Credentials.Secrets.writePrivate(certFile, pem(cert));
            return new Material(pair.getPrivate(), List.of(cert), certFile, true);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                return c.getKeyPair(kp).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            throw new IOException(file + " holds no unencrypted private key (PEM)");
        }
    }

    private static List<X509Certificate> readChain(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            JcaX509CertificateConverter c = new JcaX509CertificateConverter();
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    chain.add(c.getCertificate(h));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate " + file + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + " holds no certificate (PEM)");
        }
        return chain;
    }
}
