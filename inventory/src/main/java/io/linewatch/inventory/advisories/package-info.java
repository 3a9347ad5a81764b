/**
 * CSAF 2.0 advisories: parsing, version ranges, and matching them against the assets' identities.
 */
package io.linewatch.inventory.advisories;
