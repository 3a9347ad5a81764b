package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.BOOLEAN;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/**
 * EtherNet/IP encapsulation fields ({@code enip.*}): the header of the command a transaction travelled in,
 * and what the discovery and session replies carry. Codes are numbers as on the wire.
 */
public final class EnipFields {
    private EnipFields() {
    }

    public static final String COMMAND = declare("enip.command", LONG, "encapsulation command");
    public static final String SESSION_HANDLE = declare("enip.session_handle", LONG, "session handle (the reply's when seen)");
    public static final String STATUS = declare("enip.status", LONG, "encapsulation status (the reply's when seen)");
    public static final String SENDER_CONTEXT = declare("enip.sender_context", KEYWORD,
            "sender context, its 8 bytes in wire order as hex");
    public static final String PROTOCOL_VERSION = declare("enip.protocol_version", LONG,
            "encapsulation protocol version (RegisterSession, ListIdentity)");
    public static final String SERVICES = declare("enip.services", KEYWORD, "service names of a ListServices reply");
    public static final String INTERFACE_ITEMS = declare("enip.interface_items", LONG, "items of a ListInterfaces reply");
    public static final String BROADCAST_REPLY = declare("enip.broadcast_reply", BOOLEAN,
            "a further reply to a broadcast request already answered");
}
