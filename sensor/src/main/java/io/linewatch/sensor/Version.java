package io.linewatch.sensor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The sensor's version, from the build (the Maven project version, filtered into {@code version.properties}). */
final class Version implements IVersionProvider {
    private static final String VERSION = load();

    static String get() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"linewatch " + VERSION};
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
