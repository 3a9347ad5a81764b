/**
 * The layer-2 path: frames the decoder marks {@code LINK} (PROFINET DCP, LLDP, CDP) go to the one
 * {@link io.linewatch.dissectors.link.LinkDissector} of their protocol through the {@link io.linewatch.dissectors.link.LinkRegistry}.
 */
package io.linewatch.dissectors.link;
