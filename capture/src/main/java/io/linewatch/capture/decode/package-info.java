/**
 * Frame decoding without objects per packet: Ethernet, 802.1Q/QinQ, Linux cooked, IPv4 (with fragment reassembly),
 * IPv6, TCP, UDP and ARP as offsets into the frame's bytes, and the counts of what could not be used.
 */
package io.linewatch.capture.decode;
