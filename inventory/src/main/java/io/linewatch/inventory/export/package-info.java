/**
 * Inventory files: reading assets.json and writing CSV, JSON and HTML exports.
 */
package io.linewatch.inventory.export;
