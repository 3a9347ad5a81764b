package io.linewatch.index.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsSettingsTest {
    @TempDir
    Path dir;

    private static EsSettings.Builder base() {
        return EsSettings.builder().sensorName("plant1-span3");
    }

    @Test
    void urlsAreNormalisedWithTheDefaultPort() throws Exception {
        EsSettings s = base().urls("https://es1.example, https://es2.example:9201/").build();
        assertEquals("https://es1.example:9200,https://es2.example:9201", s.destination());
        assertTrue(s.https());
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        EsConfigException e = assertThrows(EsConfigException.class,
                () -> base().urls("https://elastic:s3cret@es1:9200").build());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("--es-password-file"));
    }

    @Test
    void badSettingsAreOneClearSentence() {
        assertThrows(EsConfigException.class, () -> base().urls("ftp://es1").build());
        assertThrows(EsConfigException.class, () -> base().urls("http://es1,https://es2").build());
        assertThrows(EsConfigException.class, () -> base().urls("https://es1").fingerprint("abc").build());
        assertThrows(EsConfigException.class, () -> base().urls("http://es1").caCertificate(dir.resolve("ca.crt")).build());
        assertThrows(EsConfigException.class, () -> base().urls("https://es1").username("u").build());
        assertThrows(EsConfigException.class, () -> EsSettings.builder().urls("https://es1").sensorName("bad name").build());
        EsConfigException missingCa = assertThrows(EsConfigException.class,
                () -> base().urls("https://es1").caCertificate(dir.resolve("missing.crt")).build());
        assertTrue(missingCa.getMessage().contains("does not exist"), missingCa.getMessage());
    }

    @Test
    void aFileThatIsNotACertificateIsRefused() throws Exception {
        Path notCa = dir.resolve("ca.crt");
        Files.writeString(notCa, "hello\n");
        EsConfigException e = assertThrows(EsConfigException.class,
                () -> base().urls("https://es1").caCertificate(notCa).build());
        assertTrue(e.getMessage().contains("not a PEM or DER"), e.getMessage());
    }

    @Test
    void secretsComeFromFilesAndNeverShowInToString() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "correct horse\n");
        EsSettings s = base().urls("https://es1").username("linewatch").passwordFile(pw).build();
        assertEquals("correct horse", s.password(), "trailing newline stripped");
        assertFalse(s.toString().contains("correct horse"), s.toString());
        Path key = dir.resolve("key");
        Files.writeString(key, "aWQ6a2V5\n");
        EsSettings k = base().urls("https://es1").apiKeyFile(key).build();
        assertEquals("aWQ6a2V5", k.apiKey());
        assertFalse(k.toString().contains("aWQ6a2V5"), k.toString());
    }

    @Test
    void fingerprintAcceptsColonsAndUpperCase() throws Exception {
        String hex = "AB".repeat(32);
        String withColons = String.join(":", hex.split("(?<=\\G..)"));
        EsSettings s = base().urls("https://es1").fingerprint(withColons).build();
        assertEquals("ab".repeat(32), s.fingerprint());
    }
}
