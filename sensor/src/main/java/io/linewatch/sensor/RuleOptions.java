package io.linewatch.sensor;

import io.linewatch.rules.RuleEngine;
import io.linewatch.rules.RuleSettings;
import io.linewatch.rules.RulesException;
import io.linewatch.rules.maintenance.MaintenanceWindows;
import io.linewatch.rules.maintenance.WindowSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Rule options shared by {@code analyze} and {@code capture}. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "DIR", description = "folder of extra Drools rule files (*.drl) to load with the shipped pack; reloaded when a file changes")
    Path rules;

    @Option(names = "--maintenance", paramLabel = "FILE", description = "maintenance windows (JSON list, or iCalendar .ics with RRULE); declared changes inside them are expected, not alerts")
    Path maintenance;

    /** @throws RulesException naming the file and the problem */
    RuleEngine.Pack compile() {
        return compile(SensorConfig.empty());
    }

    /** With the {@code rules:} and {@code maintenance:} sections of the configuration file (the command line adds to them). */
    RuleEngine.Pack compile(SensorConfig config) {
        List<WindowSpec> windows = new ArrayList<>();
        if (config.maintenanceWindows != null) {
            windows.addAll(MaintenanceWindows.fromList(config.maintenanceWindows, "configuration maintenance.windows"));
        }
        if (config.maintenanceFile != null) {
            windows.addAll(MaintenanceWindows.load(config.maintenanceFile));
        }
        if (maintenance != null) {
            windows.addAll(MaintenanceWindows.load(maintenance));
        }
        Path folder = rules != null ? rules : config.rulesFolder;
        return RuleEngine.compile(folder, windows, RuleSettings.fromMap(config.rules));
    }
}
