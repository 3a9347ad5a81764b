/**
 * Host names where the wire shows them: DHCP (option 12 host name, 81 client FQDN, 60 vendor class), the NetBIOS
 * name service (registrations and answers on UDP 137) and DNS, mDNS and LLMNR answers (A and PTR records). These
 * protocols name devices; they are not transactions a security team reviews one by one, so they produce identity
 * facts only (counted per protocol), never event documents. docs/INVENTORY.md, "Host names".
 */
package io.linewatch.dissectors.names;
