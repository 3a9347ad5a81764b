package io.linewatch.dissectors.profinet;

import java.util.ArrayList;
import java.util.List;

/** One decoded DCP frame: header, the blocks it carries and what they say, or the error it carries. */
final class DcpMessage {
    int frameId;
    int serviceId;
    int serviceType;
    long xid;
    final List<String> blocks = new ArrayList<>();
    /** Option/suboption pairs a Set sets (request) or answers (response): what names the Set's action. */
    final List<int[]> setBlocks = new ArrayList<>();
    String stationName;
    String typeOfStation;
    String aliasName;
    int vendorId = -1;
    int deviceId = -1;
    int roleBits = -1;
    String ip;
    String subnetMask;
    String gateway;
    int ipBlockInfo = -1;
    String mac;
    String control;
    int blockError = -1;
    /** Why the frame did not decode; null when it did. */
    String error;

    boolean isResponse() {
        return DcpService.isResponse(serviceType);
    }
}
