package io.linewatch.index.outputs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Alerts as RFC 5424 syslog messages to a SIEM: over UDP (RFC 5426, one message per datagram), TCP (RFC 6587,
 * octet-counting framing) or TLS (RFC 5425, the same framing; the server's certificate checked against the system's
 * CAs or a given CA file, and its name against the host). The message body is the alert in CEF or JSON.
 */
public final class SyslogOutput extends AlertOutput {
    /** Largest UDP payload over IPv4; a longer message is cut (alerts are far shorter). */
    static final int MAX_DATAGRAM = 65_507;
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    public enum Transport {
        UDP(514), TCP(601), TLS(6514);

        final int defaultPort;

        Transport(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    private final Transport transport;
    private final String host;
    private final int port;
    private final AlertFormat format;
    private final int facility;
    private final String hostName;
    private final String version;
    private final SSLContext tls;
    private final long pid = ProcessHandle.current().pid();
    private DatagramSocket udp;
    private Socket stream;
    private OutputStream streamOut;

    private SyslogOutput(String name, int queue, Transport transport, String host, int port, AlertFormat format,
            int facility, String hostName, String version, SSLContext tls) {
        super(name, queue);
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.format = format;
        this.facility = facility;
        this.hostName = hostName;
        this.version = version;
        this.tls = tls;
    }

    /**
     * @param url      {@code udp://HOST[:PORT]}, {@code tcp://HOST[:PORT]} or {@code tls://HOST[:PORT]} (default ports
     *                 514, 601, 6514)
     * @param facility a facility name ({@code local4}, {@code auth}, ...)
     * @param ca       CA certificates (PEM) to trust for TLS instead of the system's, or null
     * @param hostName the HOSTNAME field: the sensor's name
     * @param version  the sensor's version, for CEF's header
     * @throws OutputException naming what is wrong with the settings
     */
    public static SyslogOutput open(String url, AlertFormat format, String facility, Path ca, String hostName,
            String version, int queue) throws OutputException {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new OutputException("syslog output '" + url + "' is not a URL: " + e.getMessage());
        }
        Transport t;
        try {
            t = Transport.valueOf(String.valueOf(uri.getScheme()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OutputException("syslog output '" + url + "': use udp://, tcp:// or tls://HOST[:PORT]");
        }
        if (uri.getHost() == null) {
            throw new OutputException("syslog output '" + url + "' has no host");
        }
        int port = uri.getPort() < 0 ? t.defaultPort : uri.getPort();
        if (ca != null && t != Transport.TLS) {
            throw new OutputException("syslog output '" + url + "': a CA file only applies to tls://");
        }
        SSLContext ctx = t == Transport.TLS ? Tls.context(ca) : null;
        String name = "syslog " + t.name().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + ":" + port + " "
                + format.name().toLowerCase(Locale.ROOT);
        return (SyslogOutput) new SyslogOutput(name, queue, t, uri.getHost(), port, format, Syslog.facility(facility),
                hostName, version, ctx).start();
    }

    @Override
    protected void deliver(Map<String, Object> alert) throws DeliveryException {
        byte[] msg = Syslog.message(alert, facility, hostName, pid, format.format(alert, version))
                .getBytes(StandardCharsets.UTF_8);
        try {
            if (transport == Transport.UDP) {
                if (udp == null) {
                    udp = new DatagramSocket();
                    udp.connect(new InetSocketAddress(host, port));
                }
                udp.send(new DatagramPacket(msg, Math.min(msg.length, MAX_DATAGRAM)));
                return;
            }
            if (stream == null) {
                connect();
            }
            streamOut.write(Syslog.frame(msg));
            streamOut.flush();
        } catch (IOException e) {
            throw new DeliveryException(transport.name().toLowerCase(Locale.ROOT) + " " + host + ":" + port + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), true);
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            s.setKeepAlive(true);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                ssl.setSSLParameters(p);
                ssl.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
                ssl.startHandshake();
                ssl.setSoTimeout(0);
                s = ssl;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        stream = s;
        streamOut = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 14);
    }

    @Override
    protected void disconnect() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // nothing to do: the connection is being dropped
            }
            stream = null;
            streamOut = null;
        }
    }
}
