package io.linewatch.dissectors;

import io.linewatch.dissectors.enip.EnipFactory;
import io.linewatch.dissectors.link.LinkDissector;
import io.linewatch.dissectors.lldp.AdvertisementDissector;
import io.linewatch.dissectors.modbus.ModbusFactory;
import io.linewatch.dissectors.profinet.DcpDissector;
import io.linewatch.dissectors.s7comm.S7commFactory;
import java.util.ArrayList;
import java.util.List;

/** The dissectors a pipeline runs, in the order they are asked whether they handle a flow. */
public final class Dissectors {
    private Dissectors() {
    }

    /** A fresh set of factories (factories may hold cross-flow state, so each pipeline gets its own). */
    public static List<DissectorFactory> all() {
        List<DissectorFactory> all = new ArrayList<>();
        all.add(new ModbusFactory());
        all.add(new S7commFactory());
        all.addAll(EnipFactory.factories());
        return List.copyOf(all);
    }

    /** A fresh set of the layer-2 dissectors (PROFINET DCP, LLDP, CDP), for a {@link io.linewatch.dissectors.link.LinkRegistry}. */
    public static List<LinkDissector> link() {
        return List.of(new DcpDissector(), AdvertisementDissector.lldp(), AdvertisementDissector.cdp());
    }
}
