/**
 * The rule engine: Drools in stream mode on the capture-time clock, the shipped OT rule pack, maintenance windows
 * and ATT&CK for ICS technique tags (the only place Drools is used).
 */
package io.linewatch.rules;
