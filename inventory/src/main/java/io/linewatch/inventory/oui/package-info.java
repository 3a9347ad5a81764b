/**
 * The IEEE OUI registry (MAC address prefixes to manufacturers), shipped as a resource.
 */
package io.linewatch.inventory.oui;
