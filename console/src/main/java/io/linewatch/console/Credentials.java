package io.linewatch.console;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The console's tokens and login sessions. The read token (every page and API call) and, when a write role is
 * configured, the write token (actions) are generated on first start, printed once and stored 0600 in the state
 * folder; a token file others can read is refused. A login trades a token for a random session id (cookie) and a
 * CSRF token (double-submit cookie), kept in memory for {@value #SESSION_HOURS} hours.
 */
final class Credentials {
    enum Role { READ, WRITE }

    static final String READ_TOKEN_FILE = "console-read.token";
    static final String WRITE_TOKEN_FILE = "console-write.token";
    static final int SESSION_HOURS = 12;
    static final int MAX_SESSIONS = 1000;

    record Session(Role role, String csrf, long expiresMillis) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] readToken;
    private final byte[] writeToken;
    private final Map<String, Session> sessions = new LinkedHashMap<>();

    private Credentials(String readToken, String writeToken) {
        this.readToken = readToken.getBytes(StandardCharsets.UTF_8);
        this.writeToken = writeToken == null ? null : writeToken.getBytes(StandardCharsets.UTF_8);
    }

    /** Loads the tokens from the state folder, generating (and printing, once) those that do not exist yet. */
    static Credentials load(Path stateDir, boolean writeRole, PrintStream out) throws IOException {
        String read = token(stateDir.resolve(READ_TOKEN_FILE), "read", out);
        String write = writeRole ? token(stateDir.resolve(WRITE_TOKEN_FILE), "write", out) : null;
        return new Credentials(read, write);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String token(Path file, String role, PrintStream out) throws IOException {
        if (Files.exists(file)) {
            Secrets.checkPrivate(file);
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.length() < 16) {
                throw new IOException(file + " holds no usable token (at least 16 characters)");
            }
            return t;
        }
        String t = random(32);
        Secrets.writePrivate(file, (t + "\n").getBytes(StandardCharsets.UTF_8));
        out.println("console " + role + " token (printed only now; stored in " + file + ", 0600): " + t);
        return t;
    }

    /** The role a presented token grants, or null. */
    Role roleOf(String token) {
        if (token == null) {
            return null;
        }
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        if (writeToken != null && MessageDigest.isEqual(t, writeToken)) {
            return Role.WRITE;
        }
        return MessageDigest.isEqual(t, readToken) ? Role.READ : null;
    }

    boolean writeRoleConfigured() {
        return writeToken != null;
    }

    synchronized String openSession(Role role) {
        long now = System.currentTimeMillis();
        sessions.values().removeIf(s -> s.expiresMillis() < now);
        Iterator<String> oldest = sessions.keySet().iterator();
        while (sessions.size() >= MAX_SESSIONS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        String id = random(32);
        sessions.put(id, new Session(role, random(24), now + SESSION_HOURS * 3_600_000L));
        return id;
    }

    synchronized Session session(String id) {
        if (id == null) {
            return null;
        }
        Session s = sessions.get(id);
        if (s != null && s.expiresMillis() < System.currentTimeMillis()) {
            sessions.remove(id);
            return null;
        }
        return s;
    }

    synchronized void closeSession(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Files only the owner may read: secrets and keys. */
    static final class Secrets {
        static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

        private Secrets() {
        }

        static void writePrivate(Path file, byte[] content) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        static void checkPrivate(Path file) throws IOException {
            try {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                    throw new IOException(file + " can be read by others (chmod 600 it)");
                }
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing to check
            }
        }
    }
}
