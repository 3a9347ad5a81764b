#!/usr/bin/env python3
"""Writes linewatch-kibana.ndjson: Kibana 8.x saved objects (data views, Lens visualizations, dashboards) over the
indices the sensor writes. Edit the panel lists below and re-run; DashboardFieldsTest (console module) checks every
field they reference against the index templates. Deterministic: the same script gives the same bytes."""
import json
import uuid

NS = uuid.UUID("6c1b0f3e-2a51-4a59-9d59-7a3f0d1e0b11")
def uid(name): return str(uuid.uuid5(NS, name))

VIEWS = {
    "events": ("linewatch-events", "linewatch-events-*", "@timestamp", "Linewatch events"),
    "alerts": ("linewatch-alerts", "linewatch-alerts-*", "@timestamp", "Linewatch alerts"),
    "assets": ("linewatch-assets", "linewatch-assets", "asset.last_seen", "Linewatch assets"),
}
DATATYPE = {"keyword": "string", "long": "number", "ip": "ip", "date": "date", "boolean": "boolean"}

objects = []
for key, (vid, title, tf, name) in VIEWS.items():
    objects.append({"type": "index-pattern", "id": vid, "attributes": {"title": title, "timeFieldName": tf, "name": name},
                    "references": [], "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.0.0"})

def col_terms(field, dtype, size=10, label=None, order_by="count"):
    return {"label": label or f"Top {size} values of {field}", "dataType": DATATYPE[dtype], "operationType": "terms",
            "scale": "ordinal", "sourceField": field, "isBucketed": True,
            "params": {"size": size, "orderBy": {"type": "column", "columnId": order_by}, "orderDirection": "desc",
                       "otherBucket": True, "missingBucket": False}}
def col_count(label="Count"):
    return {"label": label, "dataType": "number", "operationType": "count", "isBucketed": False, "scale": "ratio",
            "sourceField": "___records___"}
def col_unique(field, label):
    return {"label": label, "dataType": "number", "operationType": "unique_count", "isBucketed": False, "scale": "ratio",
            "sourceField": field}
def col_date(field):
    return {"label": field, "dataType": "date", "operationType": "date_histogram", "isBucketed": True, "scale": "interval",
            "sourceField": field, "params": {"interval": "auto"}}

def lens(name, view, vis, columns, query="", title=None):
    """columns: list of (id, column); vis: 'bar' | 'pie' | 'table' | 'metric' | 'line'."""
    layer = "layer-" + uid(name)[:8]
    cols = dict(columns)
    order = [c for c, _ in columns]
    buckets = [c for c, col in columns if col["isBucketed"]]
    metrics = [c for c, col in columns if not col["isBucketed"]]
    for c, col in columns:  # terms ordered by the first metric
        if col["operationType"] == "terms":
            col["params"]["orderBy"] = {"type": "column", "columnId": metrics[0]}
    if vis in ("bar", "line"):
        x = next((c for c in buckets if cols[c]["operationType"] == "date_histogram"), buckets[0])
        split = [c for c in buckets if c != x]
        visualization = {"legend": {"isVisible": True, "position": "right"}, "preferredSeriesType": "bar_stacked" if vis == "bar" else "line",
                         "layers": [{"layerId": layer, "layerType": "data", "seriesType": "bar_stacked" if vis == "bar" else "line",
                                     "xAccessor": x, "accessors": metrics, **({"splitAccessor": split[0]} if split else {})}]}
        vtype = "lnsXY"
    elif vis == "pie":
        visualization = {"shape": "donut", "layers": [{"layerId": layer, "layerType": "data", "primaryGroups": buckets,
                         "metrics": metrics, "numberDisplay": "percent", "categoryDisplay": "default", "legendDisplay": "default"}]}
        vtype = "lnsPie"
    elif vis == "metric":
        visualization = {"layerId": layer, "layerType": "data", "metricAccessor": metrics[0]}
        vtype = "lnsMetric"
    else:
        visualization = {"layerId": layer, "layerType": "data", "columns": [{"columnId": c} for c in order]}
        vtype = "lnsDatatable"
    oid = uid("lens:" + name)
    objects.append({"type": "lens", "id": oid, "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.9.0",
        "attributes": {"title": title or name, "description": "", "visualizationType": vtype,
            "state": {"datasourceStates": {"formBased": {"layers": {layer: {"columns": cols, "columnOrder": order, "incompleteColumns": {}}}}},
                      "visualization": visualization, "query": {"query": query, "language": "kuery"}, "filters": [],
                      "internalReferences": [], "adHocDataViews": {}}},
        "references": [{"type": "index-pattern", "id": VIEWS[view][0], "name": "indexpattern-datasource-layer-" + layer}]})
    return oid

def dashboard(name, description, panels, control=None):
    """panels: list of lens ids, laid out two per row (a metric or pie takes a half, a table a half)."""
    refs, pj = [], []
    for i, pid in enumerate(panels):
        pi = uid(name + str(i))
        pj.append({"type": "lens", "gridData": {"x": (i % 2) * 24, "y": (i // 2) * 15, "w": 24, "h": 15, "i": pi},
                   "panelIndex": pi, "embeddableConfig": {"enhancements": {}}, "panelRefName": "panel_" + pi})
        refs.append({"type": "lens", "id": pid, "name": pi + ":panel_" + pi})
    attrs = {"title": name, "description": description, "panelsJSON": json.dumps(pj, separators=(",", ":")),
             "optionsJSON": json.dumps({"useMargins": True, "syncColors": False, "syncCursor": True, "syncTooltips": False, "hidePanelTitles": False}, separators=(",", ":")),
             "timeRestore": False, "version": 1,
             "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []}, separators=(",", ":"))}}
    if control:
        field, view, title = control
        cid = uid(name + ":control")
        attrs["controlGroupInput"] = {"controlStyle": "oneLine", "chainingSystem": "HIERARCHICAL",
            "ignoreParentSettingsJSON": json.dumps({"ignoreFilters": False, "ignoreQuery": False, "ignoreTimerange": False, "ignoreValidations": False}, separators=(",", ":")),
            "panelsJSON": json.dumps({cid: {"order": 0, "width": "medium", "grow": True, "type": "optionsListControl",
                "explicitInput": {"id": cid, "fieldName": field, "title": title, "dataViewId": VIEWS[view][0], "singleSelect": True}}}, separators=(",", ":"))}
        refs.append({"type": "index-pattern", "id": VIEWS[view][0], "name": "controlGroup_" + cid + ":optionsListDataView"})
    objects.append({"type": "dashboard", "id": uid("dashboard:" + name), "attributes": attrs, "references": refs,
                    "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.9.0"})

OPS = "ot.operation : (write or control or program or firmware)"
ENG = "ot.operation : (control or program or firmware)"

# OT overview
dashboard("Linewatch: OT overview", "Traffic by protocol and operation, writes and engineering actions, alerts.", [
    lens("Transactions over time by protocol", "events", "bar", [("t", col_date("@timestamp")), ("p", col_terms("network.protocol", "keyword")), ("c", col_count("Transactions"))], "not event.dataset : \"linewatch.flow\""),
    lens("Transactions by operation", "events", "pie", [("o", col_terms("ot.operation", "keyword")), ("c", col_count())], "not event.dataset : \"linewatch.flow\""),
    lens("Writes and engineering actions over time", "events", "bar", [("t", col_date("@timestamp")), ("o", col_terms("ot.operation", "keyword")), ("c", col_count())], OPS),
    lens("Who writes and programs what", "events", "table", [("s", col_terms("source.ip", "ip", 20)), ("d", col_terms("destination.ip", "ip", 20)), ("a", col_terms("event.action", "keyword", 20)), ("c", col_count())], OPS),
    lens("Flows by application", "events", "pie", [("a", col_terms("network.application", "keyword")), ("c", col_count("Flows"))], "event.dataset : \"linewatch.flow\""),
    lens("Alerts over time by severity", "alerts", "bar", [("t", col_date("@timestamp")), ("s", col_terms("event.severity", "long")), ("c", col_count("Alerts"))]),
])
# Alerts
dashboard("Linewatch: alerts", "Alerts by rule, severity, ATT&CK for ICS technique and asset.", [
    lens("Alerts by rule", "alerts", "bar", [("r", col_terms("rule.id", "keyword", 20)), ("c", col_count("Alerts"))]),
    lens("Alerts by severity", "alerts", "pie", [("s", col_terms("event.severity", "long")), ("c", col_count("Alerts"))]),
    lens("Alerts by technique", "alerts", "bar", [("t", col_terms("threat.technique.id", "keyword", 20)), ("c", col_count("Alerts"))]),
    lens("Alerts by target asset", "alerts", "table", [("d", col_terms("destination.ip", "ip", 25)), ("r", col_terms("rule.name", "keyword", 10)), ("c", col_count("Alerts"))]),
    lens("Alerts by actor", "alerts", "table", [("s", col_terms("source.ip", "ip", 25)), ("t", col_terms("threat.technique.name", "keyword", 10)), ("c", col_count("Alerts"))]),
    lens("Alerts over time by rule", "alerts", "bar", [("t", col_date("@timestamp")), ("r", col_terms("rule.id", "keyword")), ("c", col_count("Alerts"))]),
])
# Asset inventory
dashboard("Linewatch: asset inventory", "Devices by vendor, role and firmware.", [
    lens("Devices", "assets", "metric", [("c", col_unique("asset.id", "Devices"))]),
    lens("Devices by role", "assets", "pie", [("r", col_terms("asset.role", "keyword")), ("c", col_unique("asset.id", "Devices"))]),
    lens("Devices by vendor", "assets", "bar", [("v", col_terms("device.manufacturer", "keyword", 20)), ("c", col_unique("asset.id", "Devices"))]),
    lens("Models and firmware", "assets", "table", [("v", col_terms("device.manufacturer", "keyword", 20)), ("m", col_terms("device.model.name", "keyword", 20)), ("f", col_terms("device.firmware.version", "keyword", 20)), ("c", col_unique("asset.id", "Devices"))]),
    lens("Devices by protocol served", "assets", "bar", [("p", col_terms("asset.protocols.protocol", "keyword")), ("a", col_terms("asset.protocols.as", "keyword")), ("c", col_unique("asset.id", "Devices"))]),
])
# Per-asset drill-down (pick the address in the control)
dashboard("Linewatch: asset drill-down", "Everything about one device: choose its address in the control above.", [
    lens("Asset: transactions over time by action", "events", "bar", [("t", col_date("@timestamp")), ("a", col_terms("event.action", "keyword")), ("c", col_count())]),
    lens("Asset: peers", "events", "table", [("s", col_terms("source.ip", "ip", 20)), ("d", col_terms("destination.ip", "ip", 20)), ("p", col_terms("network.protocol", "keyword")), ("c", col_count())]),
    lens("Asset: writes and engineering actions", "events", "table", [("a", col_terms("event.action", "keyword", 20)), ("o", col_terms("ot.operation", "keyword")), ("c", col_count())], OPS),
    lens("Asset: alerts", "alerts", "table", [("r", col_terms("rule.id", "keyword", 20)), ("t", col_terms("threat.technique.id", "keyword")), ("c", col_count("Alerts"))]),
], control=("related.ip", "events", "Asset address"))
# Modbus
dashboard("Linewatch: Modbus", "Functions and exceptions; reads and writes by server and unit.", [
    lens("Modbus functions", "events", "bar", [("f", col_terms("modbus.function_code", "long", 20)), ("c", col_count())], "network.protocol : \"modbus\""),
    lens("Modbus exceptions", "events", "table", [("e", col_terms("modbus.exception_code", "long", 20)), ("n", col_terms("modbus.exception_name", "keyword", 20)), ("c", col_count())], "network.protocol : \"modbus\" and modbus.exception_code : *"),
    lens("Modbus reads and writes by server and unit", "events", "table", [("d", col_terms("destination.ip", "ip", 20)), ("u", col_terms("modbus.unit_id", "long", 20)), ("o", col_terms("ot.operation", "keyword")), ("c", col_count())], "network.protocol : \"modbus\""),
    lens("Modbus writes over time by client", "events", "bar", [("t", col_date("@timestamp")), ("s", col_terms("source.ip", "ip")), ("c", col_count("Writes"))], "network.protocol : \"modbus\" and ot.operation : \"write\""),
])
# S7
dashboard("Linewatch: S7comm", "Operations, SZL reads, block uploads and downloads, PLC control.", [
    lens("S7 operations", "events", "bar", [("a", col_terms("event.action", "keyword", 25)), ("c", col_count())], "network.protocol : (s7comm or s7comm_plus)"),
    lens("S7 SZL reads", "events", "table", [("z", col_terms("s7comm.szl_id", "long", 20)), ("i", col_terms("s7comm.szl_index", "long", 20)), ("d", col_terms("destination.ip", "ip", 20)), ("c", col_count())], "network.protocol : \"s7comm\" and s7comm.szl_id : *"),
    lens("S7 block uploads and downloads", "events", "table", [("a", col_terms("event.action", "keyword", 20)), ("b", col_terms("s7comm.block_type", "keyword")), ("n", col_terms("s7comm.block_number", "long", 20)), ("d", col_terms("destination.ip", "ip", 20)), ("c", col_count())], "network.protocol : \"s7comm\" and ot.operation : \"program\""),
    lens("S7 control and program actions over time", "events", "bar", [("t", col_date("@timestamp")), ("a", col_terms("event.action", "keyword")), ("c", col_count())], "network.protocol : (s7comm or s7comm_plus) and " + ENG),
    lens("S7 CPUs identified", "events", "table", [("d", col_terms("destination.ip", "ip", 20)), ("o", col_terms("s7comm.szl.order_number", "keyword", 20)), ("f", col_terms("s7comm.szl.firmware_version", "keyword", 20)), ("c", col_count())], "s7comm.szl.order_number : *"),
])
# CIP
dashboard("Linewatch: EtherNet/IP and CIP", "CIP services and the identities devices report.", [
    lens("CIP services", "events", "bar", [("s", col_terms("cip.service", "long", 25)), ("c", col_count())], "network.protocol : \"cip\""),
    lens("CIP general status", "events", "pie", [("g", col_terms("cip.general_status", "long")), ("c", col_count())], "network.protocol : \"cip\""),
    lens("CIP identities", "events", "table", [("v", col_terms("cip.identity.vendor_name", "keyword", 20)), ("p", col_terms("cip.identity.product_name", "keyword", 20)), ("r", col_terms("cip.identity.revision", "keyword", 20)), ("c", col_count())], "cip.identity.product_name : *"),
    lens("ENIP commands", "events", "table", [("e", col_terms("enip.command", "long", 20)), ("a", col_terms("event.action", "keyword", 20)), ("c", col_count())], "network.protocol : \"enip\""),
])

with open("linewatch-kibana.ndjson", "w") as f:
    for o in objects:
        f.write(json.dumps(o, sort_keys=True, separators=(",", ":")) + "\n")
print(f"wrote {len(objects)} saved objects")
