package io.linewatch.capture.source;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points pcap4j at the system libpcap before its first use. Debian's runtime package ships only
 * {@code libpcap.so.0.8}; the unversioned name pcap4j asks for exists only with the -dev package.
 */
public final class Libpcap {
    private static final String PROPERTY = "org.pcap4j.core.pcapLibName";
    private static final String[] CANDIDATES = {
        "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8",
        "/usr/lib/aarch64-linux-gnu/libpcap.so.0.8",
        "/usr/lib/libpcap.so.0.8",
        "/usr/lib/x86_64-linux-gnu/libpcap.so.1",
        "/usr/lib64/libpcap.so.1",
    };

    private Libpcap() {
    }

    /** The library pcap4j loads (and {@link PcapRead} binds): the configured one, else pcap4j's default name. */
    static String libraryName() {
        return System.getProperty(PROPERTY, "pcap");
    }

    public static synchronized void configure() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        for (String c : CANDIDATES) {
            if (Files.exists(Path.of(c))) {
                System.setProperty(PROPERTY, c);
                return;
            }
        }
    }
}
