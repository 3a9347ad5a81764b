/** LLDP and CDP (layer 2): what a switch or device advertises about itself and the port it sent from. */
package io.linewatch.dissectors.lldp;
