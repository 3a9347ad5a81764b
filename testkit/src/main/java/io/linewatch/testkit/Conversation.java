package io.linewatch.testkit;

/**
 * Traffic between two IPv4 hosts as Ethernet frames, with a clock: TCP connections with a proper three-way
 * handshake, sequence and acknowledgement numbers that follow the bytes sent, and an orderly close (FIN, FIN,
 * ACK, each FIN taking one sequence number); and UDP datagrams. Each frame goes to a {@link Sink}, for example
 * {@code writer::frame} of a {@link PcapWriter}.
 *
 * <pre>{@code
 * try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
 *     Conversation c = new Conversation(w::frame, startNanos, "10.0.0.1", "10.0.0.2");
 *     c.tcp(40000, 502).handshake().toServer(request).toClient(response).close();
 * }
 * }</pre>
 */
public final class Conversation {
    /** Where frames go. */
    @FunctionalInterface
    public interface Sink {
        void frame(long timestampNanos, byte[] frame);
    }

    /** Time between two frames unless {@link #at} or {@link #after} says otherwise. */
    public static final long STEP_NANOS = 1_000_000L;

    private final Sink sink;
    private final String client;
    private final String server;
    private long nowNanos;

    /** @param startNanos capture time of the first frame (epoch nanoseconds) */
    public Conversation(Sink sink, long startNanos, String client, String server) {
        this.sink = sink;
        this.nowNanos = startNanos - STEP_NANOS;
        this.client = client;
        this.server = server;
    }

    /** The next frame is at this capture time; later ones follow it by {@link #STEP_NANOS}. */
    public Conversation at(long timestampNanos) {
        nowNanos = timestampNanos - STEP_NANOS;
        return this;
    }

    /** Lets this much time pass before the next frame (besides the usual step). */
    public Conversation after(long nanos) {
        nowNanos += nanos;
        return this;
    }

    /** Capture time of the last frame sent. */
    public long now() {
        return nowNanos;
    }

    /** A TCP connection from the client's {@code clientPort} to the server's {@code serverPort}; nothing sent yet. */
    public Tcp tcp(int clientPort, int serverPort) {
        return new Tcp(clientPort, serverPort);
    }

    /** A datagram from the client to the server. */
    public Conversation udpToServer(int clientPort, int serverPort, byte[] payload) {
        emit(Frames.udp(client, clientPort, server, serverPort, payload));
        return this;
    }

    /** A datagram from the server to the client. */
    public Conversation udpToClient(int serverPort, int clientPort, byte[] payload) {
        emit(Frames.udp(server, serverPort, client, clientPort, payload));
        return this;
    }

    private void emit(byte[] frame) {
        nowNanos += STEP_NANOS;
        sink.frame(nowNanos, frame);
    }

    /** One TCP connection; the initial sequence numbers are fixed, so output is reproducible. */
    public final class Tcp {
        private final int clientPort;
        private final int serverPort;
        private int clientSeq = 1000;
        private int serverSeq = 70000;

        private Tcp(int clientPort, int serverPort) {
            this.clientPort = clientPort;
            this.serverPort = serverPort;
        }

        /** SYN; SYN/ACK; ACK. */
        public Tcp handshake() {
            fromClient(Frames.TCP_SYN, 0, new byte[0]);
            clientSeq++;
            fromServer(Frames.TCP_SYN | Frames.TCP_ACK, new byte[0]);
            serverSeq++;
            fromClient(Frames.TCP_ACK, new byte[0]);
            return this;
        }

        /** Client-to-server data, one segment per array (PSH/ACK). */
        public Tcp toServer(byte[]... segments) {
            for (byte[] s : segments) {
                fromClient(Frames.TCP_PSH | Frames.TCP_ACK, s);
                clientSeq += s.length;
            }
            return this;
        }

        /** Server-to-client data, one segment per array (PSH/ACK). */
        public Tcp toClient(byte[]... segments) {
            for (byte[] s : segments) {
                fromServer(Frames.TCP_PSH | Frames.TCP_ACK, s);
                serverSeq += s.length;
            }
            return this;
        }

        /** An empty ACK from the server (acknowledges everything the client sent). */
        public Tcp serverAck() {
            fromServer(Frames.TCP_ACK, new byte[0]);
            return this;
        }

        /** An empty ACK from the client. */
        public Tcp clientAck() {
            fromClient(Frames.TCP_ACK, new byte[0]);
            return this;
        }

        /** The client closes: FIN/ACK from the client, FIN/ACK from the server, the client's last ACK. */
        public Conversation close() {
            fromClient(Frames.TCP_FIN | Frames.TCP_ACK, new byte[0]);
            clientSeq++;
            fromServer(Frames.TCP_FIN | Frames.TCP_ACK, new byte[0]);
            serverSeq++;
            fromClient(Frames.TCP_ACK, new byte[0]);
            return Conversation.this;
        }

        /** The conversation, leaving this connection open. */
        public Conversation end() {
            return Conversation.this;
        }

        private void fromClient(int flags, byte[] payload) {
            fromClient(flags, (flags & Frames.TCP_ACK) != 0 ? serverSeq : 0, payload);
        }

        private void fromClient(int flags, int ack, byte[] payload) {
            emit(Frames.tcp(client, clientPort, server, serverPort, clientSeq, ack, flags, payload));
        }

        private void fromServer(int flags, byte[] payload) {
            emit(Frames.tcp(server, serverPort, client, clientPort, serverSeq, clientSeq, flags, payload));
        }
    }
}
