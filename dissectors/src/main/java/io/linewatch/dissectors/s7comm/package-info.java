/**
 * Siemens S7comm over COTP/TPKT (jobs, user data, SZL) and the S7comm-plus header fields that are readable without
 * the session keys.
 */
package io.linewatch.dissectors.s7comm;
