/**
 * Modbus/TCP: MBAP framing, request/response matching, the function codes, device identification and
 * Schneider UMAS.
 */
package io.linewatch.dissectors.modbus;
