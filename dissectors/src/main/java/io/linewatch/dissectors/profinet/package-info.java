/** PROFINET DCP (Discovery and basic Configuration Protocol, layer 2): Identify, Hello, Get, Set. */
package io.linewatch.dissectors.profinet;
