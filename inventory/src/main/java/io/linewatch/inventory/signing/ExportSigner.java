package io.linewatch.inventory.signing;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Signs inventory exports with Ed25519 (RFC 8032, "pure" mode over the file's bytes) and verifies them.
 * The only place Bouncy Castle is used. Files interoperate with OpenSSL 3:
 * the private key is PKCS#8 PEM, the public key SubjectPublicKeyInfo PEM, the signature the raw 64 bytes, so
 * {@code openssl pkeyutl -verify -pubin -inkey PUB.pem -rawin -in FILE -sigfile FILE.sig} checks it too.
 *
 * <p>The key pair lives in a folder (default {@code ~/.config/linewatch/keys}) created 0700 with the
 * private key 0600; it is generated on first use. A private key others can read is refused.
 */
public final class ExportSigner {
    public static final String PRIVATE_KEY_FILE = "linewatch-ed25519.key.pem";
    public static final String PUBLIC_KEY_FILE = "linewatch-ed25519.pub.pem";
    public static final String SIGNATURE_SUFFIX = ".sig";
    static final int SIGNATURE_BYTES = Ed25519PrivateKeyParameters.SIGNATURE_SIZE;
    /** Exports are megabytes; this bounds what is read into memory to sign or verify. */
    public static final long MAX_FILE_BYTES = 1L << 30;
    private static final String PEM_PRIVATE = "PRIVATE KEY";
    /** RFC 8410 algorithm identifier of Ed25519. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final String PEM_PUBLIC = "PUBLIC KEY";

    public record Signed(Path signature, Path publicKey, String fingerprint, boolean keyGenerated) {
    }

    public record Verified(boolean valid, String fingerprint) {
    }

    private final Path keyDir;

    public ExportSigner(Path keyDir) {
        this.keyDir = keyDir;
    }

    /** {@code $XDG_CONFIG_HOME/linewatch/keys}, else {@code ~/.config/linewatch/keys}. */
    public static Path defaultKeyDir() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("linewatch").resolve("keys");
    }

    public Path privateKeyPath() {
        return keyDir.resolve(PRIVATE_KEY_FILE);
    }

    public Path publicKeyPath() {
        return keyDir.resolve(PUBLIC_KEY_FILE);
    }

    /** Signs {@code file} into {@code file.sig}, generating the key pair first if the folder has none. */
    public Signed sign(Path file) throws SigningException {
        boolean generated = false;
        if (!Files.exists(privateKeyPath())) {
            generate();
            generated = true;
        }
        Ed25519PrivateKeyParameters key = loadPrivate();
        byte[] data = readFile(file);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(data, 0, data.length);
        byte[] signature = signer.generateSignature();
        Path sigPath = file.resolveSibling(file.getFileName() + SIGNATURE_SUFFIX);
        try {
            Files.write(sigPath, signature);
        } catch (IOException e) {
            throw new SigningException("cannot write " + sigPath + ": " + e.getMessage());
        }
        Ed25519PublicKeyParameters pub = key.generatePublicKey();
        if (!Files.exists(publicKeyPath())) {
            writePem(publicKeyPath(), PEM_PUBLIC, spki(pub), false);
        }
        return new Signed(sigPath, publicKeyPath(), fingerprint(pub), generated);
    }

    /** As {@link #ensureKeyPair()}: the fingerprint an export names as its signer on its cover. */
    public String keyFingerprint() throws SigningException {
        return ensureKeyPair();
    }

    /**
     * The fingerprint of the key {@link #sign} will use, generating the key pair first if the folder has none;
     * lets a document name its signing key before it is signed.
     */
    public String ensureKeyPair() throws SigningException {
        if (!Files.exists(privateKeyPath())) {
            generate();
        }
        Ed25519PublicKeyParameters pub = loadPrivate().generatePublicKey();
        if (!Files.exists(publicKeyPath())) {
            writePem(publicKeyPath(), PEM_PUBLIC, spki(pub), false);
        }
        return fingerprint(pub);
    }

    /** Verifies {@code signature} over {@code file} with the public key in {@code publicKeyPem} (or this folder's). */
    public Verified verify(Path file, Path signature, Path publicKeyPem) throws SigningException {
        Path pemPath = publicKeyPem != null ? publicKeyPem : publicKeyPath();
        if (!Files.exists(pemPath)) {
            throw new SigningException("no public key: " + pemPath + " does not exist"
                    + (publicKeyPem == null ? " (sign something first, or pass --pubkey PEM)" : ""));
        }
        Ed25519PublicKeyParameters pub = loadPublic(pemPath);
        if (!Files.exists(signature)) {
            throw new SigningException("no signature: " + signature + " does not exist");
        }
        byte[] sig = readFile(signature);
        if (sig.length != SIGNATURE_BYTES) {
            throw new SigningException(signature + " is not an Ed25519 signature (" + sig.length + " bytes, expected "
                    + SIGNATURE_BYTES + ")");
        }
        byte[] data = readFile(file);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, pub);
        verifier.update(data, 0, data.length);
        return new Verified(verifier.verifySignature(sig), fingerprint(pub));
    }

    /** SHA-256 of the raw 32-byte public key, hex: what an auditor compares out of band. */
    public static String fingerprint(Ed25519PublicKeyParameters pub) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(pub.getEncoded());
            return "SHA256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The fingerprint of a public key PEM file. */
    public static String fingerprint(Path publicKeyPem) throws SigningException {
        return fingerprint(loadPublic(publicKeyPem));
    }

    private void generate() throws SigningException {
        try {
            Files.createDirectories(keyDir);
            if (Files.getFileStore(keyDir).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(keyDir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new SigningException("cannot create key folder " + keyDir + ": " + e.getMessage());
        }
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        try {
            // PKCS#8 v1 (RFC 8410 without the optional public key): OpenSSL 3.0 cannot read the v2 form
            byte[] pkcs8 = new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
                    new DEROctetString(key.getEncoded())).getEncoded();
            writePem(privateKeyPath(), PEM_PRIVATE, pkcs8, true);
        } catch (IOException e) {
            throw new SigningException("cannot encode the new private key: " + e.getMessage());
        }
        writePem(publicKeyPath(), PEM_PUBLIC, spki(key.generatePublicKey()), false);
    }

    private static byte[] spki(Ed25519PublicKeyParameters pub) throws SigningException {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded();
        } catch (IOException e) {
            throw new SigningException("cannot encode the public key: " + e.getMessage());
        }
    }

    /** Writes a PEM file; a secret one is created 0600 from the start (written aside, then moved into place). */
    private static void writePem(Path path, String type, byte[] der, boolean secret) throws SigningException {
        StringWriter text = new StringWriter();
        try (PemWriter w = new PemWriter(text)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new SigningException("cannot encode " + path + ": " + e.getMessage());
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            if (secret && supportsPosix(path)) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(tmp);
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                w.write(text.toString());
            }
            if (secret) {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE); // never replaces an existing key
            } else {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new SigningException(path + " already exists; not overwriting a key");
        } catch (IOException e) {
            throw new SigningException("cannot write " + path + ": " + e.getMessage());
        }
    }

    private static boolean supportsPosix(Path path) {
        try {
            return Files.getFileStore(path.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }

    private Ed25519PrivateKeyParameters loadPrivate() throws SigningException {
        Path path = privateKeyPath();
        if (supportsPosix(path)) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
                for (PosixFilePermission p : perms) {
                    if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                        throw new SigningException("private key " + path + " is accessible by others ("
                                + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + path);
                    }
                }
            } catch (IOException e) {
                throw new SigningException("cannot read " + path + ": " + e.getMessage());
            }
        }
        PemObject pem = readPem(path, PEM_PRIVATE);
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(pem.getContent()));
            if (key instanceof Ed25519PrivateKeyParameters ed) {
                return ed;
            }
            throw new SigningException(path + " holds a " + key.getClass().getSimpleName() + ", not an Ed25519 private key");
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new SigningException(path + ": not a valid PKCS#8 private key: " + e.getMessage());
        }
    }

    private static Ed25519PublicKeyParameters loadPublic(Path path) throws SigningException {
        PemObject pem = readPem(path, PEM_PUBLIC);
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(pem.getContent()));
            if (key instanceof Ed25519PublicKeyParameters ed) {
                return ed;
            }
            throw new SigningException(path + " holds a " + key.getClass().getSimpleName() + ", not an Ed25519 public key");
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new SigningException(path + ": not a valid public key: " + e.getMessage());
        }
    }

    private static PemObject readPem(Path path, String type) throws SigningException {
        String text;
        try {
            if (Files.size(path) > 64 * 1024) {
                throw new SigningException(path + " is too large to be a PEM key");
            }
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SigningException("cannot read " + path + ": " + e.getMessage());
        }
        try (PemReader r = new PemReader(new StringReader(text))) {
            PemObject pem = r.readPemObject();
            if (pem == null) {
                throw new SigningException(path + " holds no PEM block (expected \"-----BEGIN " + type + "-----\")");
            }
            if (!type.equals(pem.getType())) {
                throw new SigningException(path + " holds a \"" + pem.getType() + "\" PEM block, expected \"" + type + "\"");
            }
            return pem;
        } catch (IOException | RuntimeException e) {
            throw new SigningException(path + ": malformed PEM: " + e.getMessage());
        }
    }

    private static byte[] readFile(Path file) throws SigningException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SigningException(file + " is " + size + " bytes, more than the " + MAX_FILE_BYTES + " this signs");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SigningException(file + " does not exist");
        } catch (IOException e) {
            throw new SigningException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
