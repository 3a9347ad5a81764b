package io.linewatch.dissectors.enip;

/** CIP Identity object device types (device profiles, CIP Vol. 1, chapter 6). */
public enum CipDeviceType {
    GENERIC_DEVICE_DEPRECATED(0, "Generic Device (deprecated)"),
    AC_DRIVE(2, "AC Drive"),
    MOTOR_OVERLOAD(3, "Motor Overload"),
    LIMIT_SWITCH(4, "Limit Switch"),
    INDUCTIVE_PROXIMITY_SWITCH(5, "Inductive Proximity Switch"),
    PHOTOELECTRIC_SENSOR(6, "Photoelectric Sensor"),
    GENERAL_PURPOSE_DISCRETE_I_O(7, "General Purpose Discrete I/O"),
    RESOLVER(9, "Resolver"),
    COMMUNICATIONS_ADAPTER(12, "Communications Adapter"),
    PROGRAMMABLE_LOGIC_CONTROLLER(14, "Programmable Logic Controller"),
    POSITION_CONTROLLER(16, "Position Controller"),
    DC_DRIVE(19, "DC Drive"),
    CONTACTOR(21, "Contactor"),
    MOTOR_STARTER(22, "Motor Starter"),
    SOFT_START(23, "Soft Start"),
    HUMAN_MACHINE_INTERFACE(24, "Human-Machine Interface"),
    MASS_FLOW_CONTROLLER(26, "Mass Flow Controller"),
    PNEUMATIC_VALVE(27, "Pneumatic Valve"),
    VACUUM_PRESSURE_GAUGE(28, "Vacuum Pressure Gauge"),
    PROCESS_CONTROL_VALUE(29, "Process Control Value"),
    RESIDUAL_GAS_ANALYZER(30, "Residual Gas Analyzer"),
    DC_POWER_GENERATOR(31, "DC Power Generator"),
    RF_POWER_GENERATOR(32, "RF Power Generator"),
    TURBOMOLECULAR_VACUUM_PUMP(33, "Turbomolecular Vacuum Pump"),
    ENCODER(34, "Encoder"),
    SAFETY_DISCRETE_I_O_DEVICE(35, "Safety Discrete I/O Device"),
    FLUID_FLOW_CONTROLLER(36, "Fluid Flow Controller"),
    CIP_MOTION_DRIVE(37, "CIP Motion Drive"),
    COMPONET_REPEATER(38, "CompoNet Repeater"),
    MASS_FLOW_CONTROLLER_ENHANCED(39, "Mass Flow Controller, Enhanced"),
    CIP_MODBUS_DEVICE(40, "CIP Modbus Device"),
    CIP_MODBUS_TRANSLATOR(41, "CIP Modbus Translator"),
    SAFETY_ANALOG_I_O_DEVICE(42, "Safety Analog I/O Device"),
    GENERIC_DEVICE_KEYABLE(43, "Generic Device (keyable)"),
    MANAGED_ETHERNET_SWITCH(44, "Managed Ethernet Switch"),
    CIP_MOTION_SAFETY_DRIVE_DEVICE(45, "CIP Motion Safety Drive Device"),
    SAFETY_DRIVE_DEVICE(46, "Safety Drive Device"),
    CIP_MOTION_ENCODER(47, "CIP Motion Encoder"),
    CIP_MOTION_CONVERTER(48, "CIP Motion Converter"),
    CIP_MOTION_I_O(49, "CIP Motion I/O"),
    CONTROLNET_PHYSICAL_LAYER_COMPONENT(50, "ControlNet Physical Layer Component"),
    CIRCUIT_BREAKER(51, "Circuit Breaker"),
    HART_DEVICE(52, "HART Device"),
    CIP_HART_TRANSLATOR(53, "CIP-HART Translator"),
    EMBEDDED_COMPONENT(200, "Embedded Component");

    public final int code;
    public final String text;

    CipDeviceType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The profile with this wire value, or null for a vendor-specific or unknown one. */
    public static CipDeviceType of(int code) {
        for (CipDeviceType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
