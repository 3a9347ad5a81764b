/**
 * EtherNet/IP and CIP: encapsulation, explicit messaging (with Forward_Open connections tied to their UDP I/O) and
 * the identity devices report.
 */
package io.linewatch.dissectors.enip;
