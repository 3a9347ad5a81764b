package io.linewatch.inventory.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSignerTest {
    @TempDir
    Path dir;

    private Path export() throws IOException {
        Path f = dir.resolve("inventory.csv");
        Files.writeString(f, "asset_id,ip,role\r\n00:0e:8c:aa:bb:cc,10.0.0.5,plc\r\n", StandardCharsets.UTF_8);
        return f;
    }

    /** Flips one byte of the file: the smallest edit an attacker could make. */
    private static void editOneByte(Path f, int at) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[at] ^= 0x01;
        Files.write(f, b);
    }

    @Test
    void keyIsGeneratedOnFirstUseWithRestrictivePermissions() throws Exception {
        Path keys = dir.resolve("keys");
        ExportSigner signer = new ExportSigner(keys);
        ExportSigner.Signed first = signer.sign(export());
        assertTrue(first.keyGenerated());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(signer.privateKeyPath())));
        assertEquals(64, Files.size(first.signature()));
        assertTrue(Files.readString(first.publicKey()).startsWith("-----BEGIN PUBLIC KEY-----"));
        ExportSigner.Signed second = signer.sign(export());
        assertFalse(second.keyGenerated(), "the existing key is reused");
        assertEquals(first.fingerprint(), second.fingerprint());
    }

    @Test
    void signatureVerifiesAndAOneByteEditFails() throws Exception {
        ExportSigner signer = new ExportSigner(dir.resolve("keys"));
        Path f = export();
        ExportSigner.Signed s = signer.sign(f);
        ExportSigner.Verified ok = signer.verify(f, s.signature(), null);
        assertTrue(ok.valid());
        assertEquals(s.fingerprint(), ok.fingerprint());
        editOneByte(f, 20);
        assertFalse(signer.verify(f, s.signature(), null).valid());
        editOneByte(f, 20); // restored
        assertTrue(signer.verify(f, s.signature(), s.publicKey()).valid());
        editOneByte(s.signature(), 5); // a tampered signature fails the same way
        assertFalse(signer.verify(f, s.signature(), null).valid());
    }

    @Test
    void anotherKeyDoesNotVerify() throws Exception {
        Path f = export();
        ExportSigner.Signed s = new ExportSigner(dir.resolve("a")).sign(f);
        ExportSigner other = new ExportSigner(dir.resolve("b"));
        other.sign(export()); // creates b's key (and re-signs with it: keep a's signature aside)
        ExportSigner.Signed again = new ExportSigner(dir.resolve("a")).sign(f);
        assertNotEquals(s.fingerprint(), ExportSigner.fingerprint(other.publicKeyPath()));
        assertFalse(other.verify(f, again.signature(), null).valid());
    }

    @Test
    void missingOrMalformedKeysAndSignaturesAreClearErrors() throws Exception {
        Path f = export();
        ExportSigner none = new ExportSigner(dir.resolve("empty"));
        SigningException noKey = assertThrows(SigningException.class, () -> none.verify(f, dir.resolve("x.sig"), null));
        assertTrue(noKey.getMessage().contains("no public key") && noKey.getMessage().contains("--pubkey"), noKey.getMessage());

        ExportSigner signer = new ExportSigner(dir.resolve("keys"));
        ExportSigner.Signed s = signer.sign(f);
        SigningException noSig = assertThrows(SigningException.class, () -> signer.verify(f, dir.resolve("missing.sig"), null));
        assertTrue(noSig.getMessage().contains("no signature"), noSig.getMessage());

        Files.write(s.signature(), new byte[10]);
        SigningException shortSig = assertThrows(SigningException.class, () -> signer.verify(f, s.signature(), null));
        assertTrue(shortSig.getMessage().contains("not an Ed25519 signature (10 bytes, expected 64)"), shortSig.getMessage());

        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "hello");
        SigningException badPem = assertThrows(SigningException.class, () -> signer.verify(f, s.signature(), junk));
        assertTrue(badPem.getMessage().contains("no PEM block"), badPem.getMessage());

        Files.writeString(junk, Files.readString(signer.privateKeyPath()));
        SigningException wrongType = assertThrows(SigningException.class, () -> signer.verify(f, s.signature(), junk));
        assertTrue(wrongType.getMessage().contains("\"PRIVATE KEY\" PEM block, expected \"PUBLIC KEY\""), wrongType.getMessage());

        SigningException noFile = assertThrows(SigningException.class, () -> signer.sign(dir.resolve("absent.csv")));
        assertTrue(noFile.getMessage().contains("absent.csv does not exist"), noFile.getMessage());
    }

    @Test
    void privateKeyReadableByOthersIsRefused() throws Exception {
        ExportSigner signer = new ExportSigner(dir.resolve("keys"));
        signer.sign(export());
        Files.setPosixFilePermissions(signer.privateKeyPath(), PosixFilePermissions.fromString("rw-r--r--"));
        SigningException e = assertThrows(SigningException.class, () -> signer.sign(export()));
        assertTrue(e.getMessage().contains("accessible by others") && e.getMessage().contains("chmod 600"), e.getMessage());
    }

    /** The signature is plain Ed25519: OpenSSL 3 verifies it, and rejects a one-byte edit. */
    @Test
    void opensslAgrees() throws Exception {
        Assumptions.assumeTrue(onPath("openssl"), "openssl not installed");
        ExportSigner signer = new ExportSigner(dir.resolve("keys"));
        Path f = export();
        ExportSigner.Signed s = signer.sign(f);
        List<String> cmd = List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", s.publicKey().toString(), "-rawin",
                "-in", f.toString(), "-sigfile", s.signature().toString());
        assertEquals(0, run(cmd), "openssl accepts the signature");
        editOneByte(f, 3);
        assertNotEquals(0, run(cmd), "openssl rejects the edited file");
        // and OpenSSL reads the private key too (PKCS#8): its public half is ours
        Path derived = dir.resolve("derived.pem");
        assertEquals(0, run(List.of("openssl", "pkey", "-in", signer.privateKeyPath().toString(), "-pubout", "-out", derived.toString())));
        assertEquals(Files.readString(s.publicKey()).strip(), Files.readString(derived).strip());
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }
}
