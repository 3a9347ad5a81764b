/**
 * The asset inventory built from traffic: hosts, identities with their history, roles and the communication map,
 * capped in size.
 */
package io.linewatch.inventory;
