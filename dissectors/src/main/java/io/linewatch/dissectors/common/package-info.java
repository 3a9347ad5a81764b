/**
 * Helpers every dissector uses: byte reading and framing of length-prefixed PDUs over reassembled TCP streams.
 */
package io.linewatch.dissectors.common;
