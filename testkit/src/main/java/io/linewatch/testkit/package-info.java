/**
 * Test fixtures shared by the modules' tests (test scope only): frames fed through decode and flows, capture runs,
 * golden files, a pcap writer and a real Elasticsearch node.
 */
package io.linewatch.testkit;
