package io.linewatch.index.es;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which server certificates the client accepts: the system trust store, a CA certificate file (PEM or DER,
 * one or more certificates), or one pinned certificate identified by its SHA-256 fingerprint.
 */
final class TlsTrust {
    private TlsTrust() {
    }

    /** Fails with a clear message when the CA file is missing, unreadable or holds no certificate. */
    static void checkReadable(Path caFile) throws EsConfigException {
        loadCertificates(caFile);
    }

    /** @return the SSL context for these settings, or null for the JDK default (system trust store) */
    static SSLContext sslContext(EsSettings settings) throws EsConfigException {
        try {
            if (settings.fingerprint() != null) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new PinnedTrustManager(settings.fingerprint())}, null);
                return ctx;
            }
            if (settings.caCertificate() != null) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Certificate c : loadCertificates(settings.caCertificate())) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx;
            }
            return null;
        } catch (GeneralSecurityException | IOException e) {
            throw new EsConfigException("cannot set up TLS for Elasticsearch: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> loadCertificates(Path caFile) throws EsConfigException {
        if (!Files.isRegularFile(caFile)) {
            throw new EsConfigException("Elasticsearch CA certificate file " + caFile + " does not exist");
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new EsConfigException("Elasticsearch CA certificate file " + caFile + " holds no certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new EsConfigException("cannot read Elasticsearch CA certificate file " + caFile + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new EsConfigException("Elasticsearch CA certificate file " + caFile
                    + " is not a PEM or DER X.509 certificate");
        }
    }

    static String sha256(Certificate cert) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trusts a chain when one of its certificates (the server's own or a CA's) has the pinned fingerprint
     * and that certificate is within its validity period. Pinning replaces the CA and host name checks: the
     * pin names exactly one certificate.
     */
    static final class PinnedTrustManager implements X509TrustManager {
        private final String fingerprint;

        PinnedTrustManager(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server presented no certificate");
            }
            for (X509Certificate c : chain) {
                if (sha256(c).equals(fingerprint)) {
                    c.checkValidity();
                    return;
                }
            }
            throw new CertificateException("no certificate of the server matches the pinned SHA-256 fingerprint "
                    + "(the server's is " + sha256(chain[0]) + ")");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
