/**
 * Where frames come from: the pcap/pcapng file reader, live capture through libpcap (the only place pcap4j is
 * used), and merging several sources in time order.
 */
package io.linewatch.capture.source;
